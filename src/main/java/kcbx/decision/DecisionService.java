package kcbx.decision;

import kcbx.system.DaemonThreads;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.store.DecisionRecord;
import kcbx.store.DecisionStore;
import kcbx.store.RecordedDecision;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.EngineResult;
import kcbx.engine.ProfileRules;
import kcbx.engine.RuleEngine;
import kcbx.engine.RulesetCompiler;
import kcbx.system.ProblemException;

/**
 * One decision: validate, map to facts, run the active rule set's profile, assemble, record,
 * and only then answer. A decision that could not be recorded is never returned.
 */
@Singleton
public class DecisionService {
    private final ActiveRuleset rulesets;
    private final DecisionStore store;
    private final DecisionPreparer preparer;
    /**
     * Deciding is CPU work: {@code kcbx.decide.concurrency} threads decide (default: one core fewer
     * than the machine has, at least one), and a request waits in their queue, not as a thread of
     * its own. With every request computing at once, the run queue was so long that the thread
     * recording the decisions (and MariaDB's) waited for a core at every round trip, and that
     * thread is what every caller waits for. Measured on two cores, 32 clients, warm, when each
     * request had a thread: unbounded 640 stored decisions/s, p99 131 ms; two at once 737/s, p99
     * 93 ms; one 842/s, p99 85 ms.
     */
    private final ExecutorService deciders;

    DecisionService(ActiveRuleset rulesets, DecisionStore store, DecisionPreparer preparer,
                    @Value("${kcbx.decide.concurrency:0}") int concurrency) {
        this.rulesets = rulesets;
        this.store = store;
        this.preparer = preparer;
        int n = concurrency > 0 ? concurrency : defaultConcurrency();
        this.deciders = Executors.newFixedThreadPool(n, DaemonThreads.numbered("decide-"));
    }

    /** Stops the deciding threads with the application context (a test run starts many contexts). */
    @PreDestroy
    void close() {
        deciders.shutdownNow();
    }

    /** One core fewer than the machine has, at least one: a core stays free for recording (see {@link #deciders}). */
    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Decides and records, without blocking the calling thread (a request's event loop): the
     * request is checked here (a bad one throws at once), decided and prepared on a deciding
     * thread, and recorded with its chain's next group ({@link DecisionStore#recordAsync}). The
     * future completes with the recorded decision, whose JSON ({@link RecordedDecision#decisionUtf8()},
     * with the time the chain gave it) is the answer, or with the failure (a
     * {@link java.util.concurrent.CompletionException} around it). {@code received} is the request's
     * JSON as the caller sent it (stored and chained as it is), or null (serialised then);
     * {@code actor} is the caller's identity, read on the request's thread.
     */
    public CompletableFuture<RecordedDecision> decideAsync(DecisionRequest request, byte[] received, String actor) {
        RequestValidator.validate(request);
        CompiledRuleset ruleset = rulesets.get(); // read once: the whole decision is made by this version
        String profileId = request.getProfile() == null ? RulesetCompiler.BASELINE : request.getProfile();
        ProfileRules profile = ruleset.profile(profileId).orElseThrow(() -> ProblemException.unknownProfile(profileId));
        return CompletableFuture.supplyAsync(() -> preparer.prepare(request, received,
                        evaluate(request, ruleset.version(), profile, UUID.randomUUID().toString(), Instant.EPOCH), actor),
                deciders).thenCompose(store::recordAsync);
    }

    /** The pure part: same request, version and asOf give the same decision but for id and time. */
    public static Decision evaluate(DecisionRequest request, String version, ProfileRules profile, String decisionId,
                             Instant decidedAt) {
        EngineResult result = RuleEngine.evaluate(profile, FactMapper.map(request, profile));
        return DecisionAssembler.assemble(decisionId, ZonedDateTime.ofInstant(decidedAt, ZoneOffset.UTC), version,
                profile.definition().id(), request.getAsOf(), request.getStudent().getId(),
                request.getStudent().getSchoolId(), result);
    }

    /** The stored decision: its school (for the caller's scope) and the JSON it was answered with. */
    public Optional<DecisionRecord> find(String decisionId) {
        return store.find(decisionId);
    }
}
