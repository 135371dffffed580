package kcbx.decision;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.store.DecisionRecord;
import kcbx.store.DecisionStore;
import kcbx.store.RecordedDecision;
import kcbx.audit.Actor;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.EngineResult;
import kcbx.engine.ProfileRules;
import kcbx.engine.RuleEngine;
import kcbx.engine.RulesetCompiler;
import kcbx.system.ProblemException;

/**
 * One decision: validate, map to facts, run the active rule set's profile, assemble, record,
 * and only then return. A decision that could not be recorded is never returned.
 */
@Singleton
public class DecisionService {
    private final ActiveRuleset rulesets;
    private final DecisionStore store;
    private final DecisionPreparer preparer;
    /**
     * Deciding is pure CPU work: at most {@code kcbx.decide.concurrency} decisions are computed at
     * once (default: one core fewer than the machine has, at least one), the other requests wait
     * asleep. With a thread per request all computing, the run queue was so long that the one
     * thread recording the decisions (and MariaDB's) waited for a core at every round trip, and
     * that thread is what every caller waits for. Measured on two cores, 32 clients, warm:
     * unbounded 640 stored decisions/s, p99 131 ms; two at once 737/s, p99 93 ms; one 842/s, p99 85 ms.
     */
    private final Semaphore deciding;

    DecisionService(ActiveRuleset rulesets, DecisionStore store, DecisionPreparer preparer,
                    @Value("${kcbx.decide.concurrency:0}") int concurrency) {
        this.rulesets = rulesets;
        this.store = store;
        this.preparer = preparer;
        this.deciding = new Semaphore(concurrency > 0 ? concurrency : defaultConcurrency(), true);
    }

    /** One core fewer than the machine has, at least one: a core stays free for recording (see {@link #deciding}). */
    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** {@link #decide(DecisionRequest, byte[])} of a request made in the service (serialised to be stored). */
    public RecordedDecision decide(DecisionRequest request) {
        return decide(request, null);
    }

    /**
     * Decides and records; {@code received} is the request's JSON as the caller sent it (stored
     * and chained as it is), or null. The answer is the recorded row's JSON
     * ({@link RecordedDecision#decisionUtf8()}), with the time the chain gave it.
     *
     * <p>Only the rules run under {@link #deciding}: serialising and compressing (the prepared
     * decision) run on every core at once, and the chain's writer takes the groups they queue.
     */
    public RecordedDecision decide(DecisionRequest request, byte[] received) {
        RequestValidator.validate(request);
        CompiledRuleset ruleset = rulesets.get(); // read once: the whole decision is made by this version
        String profileId = request.getProfile() == null ? RulesetCompiler.BASELINE : request.getProfile();
        ProfileRules profile = ruleset.profile(profileId).orElseThrow(() -> ProblemException.unknownProfile(profileId));
        Decision decision;
        deciding.acquireUninterruptibly();
        try {
            decision = evaluate(request, ruleset.version(), profile, UUID.randomUUID().toString(), Instant.EPOCH);
        } finally {
            deciding.release();
        }
        // the time is the chain's: taken under its lock, it orders decisions as the log does
        return store.record(preparer.prepare(request, received, decision, Actor.current(null)));
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
