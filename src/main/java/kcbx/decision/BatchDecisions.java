package kcbx.decision;

import kcbx.system.DaemonThreads;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import kcbx.api.model.BatchItem;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.store.DecisionStore;
import kcbx.store.PreparedDecision;
import kcbx.store.RecordedDecision;
import kcbx.audit.Actor;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.system.FieldProblem;
import kcbx.security.SchoolScope;
import kcbx.system.ProblemException;
import kcbx.system.Problems;
import kcbx.system.StorageUnavailableException;
import kcbx.system.StorageUnavailableHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many decisions, each item down the single decision's path (contract, request validation,
 * rules, assembly), stored a chunk at a time: one transaction and one chain-head lock per chunk.
 * Items are answered in order, each only after its chunk is recorded; an item that fails
 * validation, or a chunk that cannot be stored, answers with a problem for itself.
 *
 * <p>A pipeline: the request's thread reads the items and hands each to the deciding threads
 * ({@code kcbx.batch.threads}, shared by all batches; by default as many as the machine has cores),
 * and while they decide one chunk it stores the chunk before, so the cores decide while the
 * database writes. At most two chunks are in flight, which bounds the memory a batch holds.
 * One core fewer (the default until 2026-12-05, so that recording would never wait for a core)
 * was 15 % slower in three pairs of runs on two cores once the load generator stopped taking a
 * seventh of them: the storing thread mostly waits for the database, and a deciding thread per
 * core keeps both busy meanwhile.
 */
@Singleton
public class BatchDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDecisions.class);
    static final int MAX_JSON_ITEMS = 10_000;
    /**
     * Decisions per transaction: enough to pay the lock and commit rarely, few enough to hold the
     * lock briefly; a multiple of the rows of the largest INSERT ({@link kcbx.system.Jdbc#MAX_ROWS}),
     * so a chunk's decision rows are two statements of one shape.
     */
    static final int CHUNK = 512;

    private final ActiveRuleset rulesets;
    private final DecisionStore store;
    private final DecisionRequestReader requests;
    private final DecisionPreparer preparer;
    private final SchoolScope scope;
    private final int chunkSize;
    private final ExecutorService deciders;

    BatchDecisions(ActiveRuleset rulesets, DecisionStore store, DecisionRequestReader requests,
                   DecisionPreparer preparer, SchoolScope scope, @Value("${kcbx.batch.chunk-size:" + CHUNK + "}") int chunkSize,
                   @Value("${kcbx.batch.threads:0}") int threads) {
        this.chunkSize = Math.max(1, chunkSize);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.deciders = Executors.newFixedThreadPool(n, DaemonThreads.numbered("batch-decide-"));
        this.rulesets = rulesets;
        this.store = store;
        this.requests = requests;
        this.preparer = preparer;
        this.scope = scope;
    }

    /** Stops the deciding threads with the application context (a test run starts many contexts). */
    @PreDestroy
    void close() {
        deciders.shutdownNow();
    }

    /** How a batch went. */
    public record Summary(int decided, int failed) {
    }

    /**
     * One item's answer: its index, and either the JSON the decision was recorded with (UTF-8),
     * which is exactly what serialising the decision gives, or the item with its problem. The
     * answer is written from those bytes, never from the decision serialised again.
     */
    public record Answer(int index, byte[] decisionUtf8, BatchItem problem) {
    }

    /**
     * One item on its way: a decision waiting for its chunk to be stored (its prepared bytes only:
     * the decision's objects are dropped once it is serialised, so the chunks in flight hold less and
     * a batch's young collections took half the time), or already a problem.
     */
    private record Slot(int index, PreparedDecision prepared, ProblemException problem) {
    }

    /** Decides every item, handing out one answer per item in order; instance names the route in problems. */
    public Summary decide(Iterator<byte[]> items, String instance, Consumer<Answer> out) {
        CompiledRuleset ruleset = rulesets.get(); // one version decides the whole batch
        SchoolScope.Served served = scope.served(); // the caller's credential, for the deciding threads
        String actor = Actor.current(null); // who asked, taken on the request's thread
        List<Future<Slot>> chunk = new ArrayList<>();
        List<Future<Slot>> previous = null;
        int index = 0;
        int[] counts = new int[2];
        try {
            while (items.hasNext()) {
                int at = index++;
                byte[] item = items.next();
                chunk.add(deciders.submit(() -> prepare(at, item, ruleset, served, actor)));
                if (chunk.size() >= chunkSize) {
                    if (previous != null) {
                        flush(slots(previous), instance, out, counts); // while this chunk is being decided
                    }
                    previous = chunk;
                    chunk = new ArrayList<>();
                }
            }
            if (previous != null) {
                flush(slots(previous), instance, out, counts);
            }
            flush(slots(chunk), instance, out, counts);
        } finally {
            // the caller went away (an exception from out or the input): decide nothing more for it
            if (previous != null) {
                previous.forEach(f -> f.cancel(false));
            }
            chunk.forEach(f -> f.cancel(false));
        }
        return new Summary(counts[0], counts[1]);
    }

    /** The chunk's slots in order, each waited for. */
    private static List<Slot> slots(List<Future<Slot>> chunk) {
        List<Slot> slots = new ArrayList<>(chunk.size());
        boolean interrupted = false;
        for (Future<Slot> f : chunk) {
            while (true) {
                try {
                    slots.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish the chunk: its items are answered either way
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a batch item was not decided", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return slots;
    }

    private Slot prepare(int index, byte[] item, CompiledRuleset ruleset, SchoolScope.Served served, String actor) {
        try {
            if (item == BatchInput.TOO_LONG) {
                throw ProblemException.invalid(List.of(new FieldProblem("body",
                        "is longer than " + BatchInput.MAX_LINE + " bytes")));
            }
            DecisionRequest request = requests.fromItem(item); // checked against the contract, then bound
            RequestValidator.validate(request);
            // the credential that sent the batch decides, item by item
            served.require(request.getStudent().getSchoolId());
            String profileId = request.getProfile() == null ? RulesetCompiler.BASELINE : request.getProfile();
            ProfileRules profile = ruleset.profile(profileId)
                    .orElseThrow(() -> ProblemException.unknownProfile(profileId));
            Decision decision = DecisionService.evaluate(request, ruleset.version(), profile,
                    UUID.randomUUID().toString(), Instant.now());
            // the item's bytes as received are the request stored and chained
            return new Slot(index, preparer.prepare(request, item, decision, actor), null);
        } catch (ProblemException e) {
            return new Slot(index, null, ofItem(index, e));
        } catch (RuntimeException e) {
            // the item's content stays out of the log: it may name a child
            LOG.error("Batch item {} failed: {}", index, e.getClass().getName());
            return new Slot(index, null, new ProblemException(io.micronaut.http.HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal_error", "Internal error", "[" + index + "] could not be decided.", List.of()));
        }
    }

    /** The same problem with every field named from the batch: body becomes [17], student.id becomes [17].student.id. */
    static ProblemException ofItem(int index, ProblemException e) {
        String at = "[" + index + "]";
        List<FieldProblem> errors = e.errors().stream()
                .map(f -> new FieldProblem(f.field().equals("body") ? at : at + "." + f.field(), f.message()))
                .toList();
        String detail = errors.isEmpty() ? at + " " + e.getMessage()
                : errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message() + "."
                : errors.size() + " fields are invalid: "
                        + String.join(", ", errors.stream().map(FieldProblem::field).toList()) + ".";
        return new ProblemException(e.status(), e.code(), e.title(), detail, errors);
    }

    private void flush(List<Slot> chunk, String instance, Consumer<Answer> out, int[] counts) {
        if (chunk.isEmpty()) {
            return;
        }
        List<Slot> decided = chunk.stream().filter(s -> s.problem() == null).toList();
        ProblemException unstored = null;
        java.util.Map<Integer, RecordedDecision> recorded = new java.util.HashMap<>();
        try {
            List<RecordedDecision> rows = store.recordAll(decided.stream().map(Slot::prepared).toList());
            for (int i = 0; i < rows.size(); i++) {
                recorded.put(decided.get(i).index(), rows.get(i));
            }
        } catch (StorageUnavailableException e) {
            // the chunk's transaction rolled back: none of its decisions exists, none is answered
            unstored = StorageUnavailableHandler.problem(e);
        }
        for (Slot s : chunk) {
            ProblemException p = s.problem() != null ? s.problem() : unstored;
            if (p == null) {
                counts[0]++;
                out.accept(new Answer(s.index(), recorded.get(s.index()).decisionUtf8(), null));
            } else {
                BatchItem item = new BatchItem(s.index());
                item.setProblem(Problems.body(p, instance));
                counts[1]++;
                out.accept(new Answer(s.index(), null, item));
            }
        }
    }
}
