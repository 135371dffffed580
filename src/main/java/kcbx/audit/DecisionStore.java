package kcbx.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import kcbx.system.StorageFailure;
import kcbx.system.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.system.Jdbc;

/**
 * Records decisions in the audit chain and reads them back. A failed write is a
 * StorageUnavailableException (a 503 for the caller), never a lost record; nothing here updates or
 * deletes a decision.
 */
@Singleton
public class DecisionStore {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionStore.class);

    private final DecisionRecordRepository repository;
    private final DecisionRecordSql records;
    private final AuditLog log;
    private final TransactionOperations<Connection> tx;
    private final List<DecisionIndex> indexes;
    private final AuditChains chains;
    /** Per chain, decisions of concurrent callers waiting to be recorded together (see {@link #record}). */
    private final Map<String, GroupWriter> writers = new ConcurrentHashMap<>();
    /** At most this many decisions in one group transaction. */
    static final int GROUP_LIMIT = 256;

    DecisionStore(DecisionRecordRepository repository, DecisionRecordSql records, AuditLog log,
                  TransactionOperations<Connection> tx, List<DecisionIndex> indexes, AuditChains chains) {
        this.chains = chains;
        this.repository = repository;
        this.records = records;
        this.log = log;
        this.tx = tx;
        this.indexes = List.copyOf(indexes);
    }

    /**
     * Stores a decision with its flags and chains it, returning once it is committed.
     * {@code stampedAt} builds the row for the recording time it is given (taken under the chain
     * lock, so the decision's time agrees with its place in the chain); {@code flagCodes} feed the
     * search index.
     *
     * <p>Group commit: every append holds the chain head's row lock until it commits, so one
     * decision per transaction would cap the whole service at one commit (one log flush) at a
     * time. Concurrent callers therefore queue their decisions; whichever holds the writer's lock
     * records everything queued, up to {@value #GROUP_LIMIT}, as one transaction
     * ({@link #recordAll}), and each caller returns when the group holding its decision has
     * committed, or gets that group's 503. A lone caller writes alone, as before. Each chain
     * ({@link AuditChains}: a county's) has its own queue and writer, so counties are recorded
     * side by side, each under its own head lock.
     */
    public DecisionRecord record(String profile, LongFunction<DecisionRecord> stampedAt, Collection<String> flagCodes) {
        // the actor is taken here, on the caller's thread
        Queued mine = new Queued(new Pending(profile, stampedAt, flagCodes));
        GroupWriter writer = writers.computeIfAbsent(chains.ofProfile(profile), k -> new GroupWriter());
        writer.queue.add(mine);
        while (!mine.done) {
            writer.lock.lock();
            try {
                if (!mine.done) {
                    writeQueued(writer.queue);
                }
            } finally {
                writer.lock.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** One chain's group-commit queue, and the lock its writing caller holds. */
    private static final class GroupWriter {
        private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
        private final ReentrantLock lock = new ReentrantLock();
    }

    /** Records the decisions queued now, as one group; under the writer's lock. */
    private void writeQueued(Queue<Queued> queue) {
        List<Queued> group = new ArrayList<>();
        for (Queued q; group.size() < GROUP_LIMIT && (q = queue.poll()) != null; ) {
            group.add(q);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            List<DecisionRecord> rows = recordAll(group.stream().map(Queued::pending).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(rows.get(i), null);
            }
        } catch (StorageUnavailableException e) {
            group.forEach(q -> q.complete(null, e)); // the database is unavailable: the group's callers get the 503
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).complete(null, e);
                return;
            }
            // not the database: one decision of the group is at fault; record each alone, so only it fails
            for (Queued q : group) {
                try {
                    q.complete(recordAll(List.of(q.pending())).get(0), null);
                } catch (RuntimeException alone) {
                    q.complete(null, alone);
                }
            }
        }
    }

    /** A caller's decision in the group-commit queue; read by the caller once done (under the writer's lock). */
    private static final class Queued {
        private final Pending pending;
        private volatile boolean done;
        private DecisionRecord result;
        private RuntimeException failure;

        Queued(Pending pending) {
            this.pending = pending;
        }

        Pending pending() {
            return pending;
        }

        void complete(DecisionRecord result, RuntimeException failure) {
            this.result = result;
            this.failure = failure;
            this.done = true;
        }
    }

    /**
     * A decision waiting to be recorded: its profile (which names its chain), its row for a given
     * recording time, its flag codes, and who asked for it (chained with it; another caller's
     * thread may write the group).
     */
    public record Pending(String profile, LongFunction<DecisionRecord> stampedAt, Collection<String> flagCodes,
                          String actor) {
        /** Made on the caller's thread: the actor is the identity of the request being served. */
        public Pending(String profile, LongFunction<DecisionRecord> stampedAt, Collection<String> flagCodes) {
            this(profile, stampedAt, flagCodes, Actor.current(null));
        }
    }

    /**
     * Stores many decisions with their flags and chains each on its profile's chain in the order
     * given, in one transaction under the heads' locks: all of them or (a 503 problem) none.
     */
    public List<DecisionRecord> recordAll(List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        try {
            List<String> chainOfEach = pending.stream().map(p -> chains.ofProfile(p.profile())).toList();
            return log.appendAll(DecisionRecordSql.TYPE, chainOfEach, (c, at) -> {
                List<DecisionRecord> rows = new java.util.ArrayList<>(pending.size());
                for (Pending p : pending) {
                    rows.add(p.stampedAt().apply(at).actedBy(p.actor()));
                }
                java.util.Map<String, Long> ids = records.insertAll(c, rows);
                records.insertFlagsAll(c, rows, ids, pending.stream().map(Pending::flagCodes).toList());
                for (DecisionIndex index : indexes) {
                    index.indexAll(c, rows, ids);
                }
                List<AuditLog.Appended<DecisionRecord>> out = new java.util.ArrayList<>(rows.size());
                for (DecisionRecord r : rows) {
                    out.add(new AuditLog.Appended<>(r.decisionId(), DecisionRecordSql.canonical(r), r));
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw unavailable(pending.size() + " decisions could not be stored", e);
        }
    }

    /**
     * The stored decision, if the audit chain vouches for it; a row written or changed around the
     * service is not served as if it were recorded: a 409 problem record_not_chained.
     */
    public Optional<DecisionRecord> find(String decisionId) {
        Optional<DecisionRecordSql.Checked> found;
        try {
            found = Jdbc.read(tx, c -> records.findChecked(c, decisionId));
        } catch (RuntimeException e) {
            throw unavailable("Decision " + decisionId + " could not be read", e);
        }
        if (found.isPresent() && !found.get().chained()) {
            LOG.warn("Decision {} is stored but the audit chain does not vouch for it; not served", decisionId);
            throw notChained(decisionId);
        }
        return found.map(DecisionRecordSql.Checked::record);
    }

    static RecordNotChainedException notChained(String decisionId) {
        return new RecordNotChainedException(decisionId);
    }

    /**
     * One page of stored decisions (see {@link DecisionQuery}), without any the chain does not
     * vouch for; rows left out are replaced by reading on, so a page is as full as it would be.
     */
    public List<DecisionRecord> search(DecisionQuery query) {
        try {
            return Jdbc.read(tx, c -> {
                List<DecisionRecord> out = new ArrayList<>();
                DecisionQuery q = query;
                while (true) {
                    List<Long> unchained = new ArrayList<>();
                    List<DecisionRecord> page = DecisionSearchSql.search(c, q, unchained);
                    out.addAll(page);
                    if (unchained.isEmpty() || out.size() >= query.limit()) {
                        return out.size() > query.limit() ? out.subList(0, query.limit()) : out;
                    }
                    LOG.warn("Decision rows {} are stored but the audit chain does not vouch for them; not served",
                            unchained);
                    long last = Math.max(page.isEmpty() ? Long.MIN_VALUE : page.get(page.size() - 1).id(),
                            unchained.stream().mapToLong(Long::longValue).max().getAsLong());
                    if (!q.ascending()) {
                        last = Math.min(page.isEmpty() ? Long.MAX_VALUE : page.get(page.size() - 1).id(),
                                unchained.stream().mapToLong(Long::longValue).min().getAsLong());
                    }
                    q = q.after(last, query.limit() - out.size());
                }
            });
        } catch (RuntimeException e) {
            throw unavailable("Decisions could not be searched", e);
        }
    }

    public long count() {
        return repository.count();
    }

    /** A storage failure becomes the domain's StorageUnavailableException (logged with its SQL state); anything else is a bug and stays one. */
    static RuntimeException unavailable(String what, RuntimeException e) {
        return StorageFailure.unavailable(e, cause -> StorageUnavailableException.notRecorded(what, cause));
    }
}
