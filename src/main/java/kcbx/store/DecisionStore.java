package kcbx.store;

import kcbx.system.DaemonThreads;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import kcbx.audit.AuditChains;
import kcbx.audit.AuditLog;
import kcbx.audit.RecordNotChainedException;
import kcbx.system.ProblemException;
import kcbx.system.StorageFailure;
import kcbx.system.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.system.Jdbc;

/**
 * Records decisions (prepared once, {@link PreparedDecision}) on their county's audit chain, with
 * the rows kept beside them, and reads them back. A failed write is a
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
    /** Whether the actors of a group may still record (their credentials still accepted). */
    private final ActorScreen actors;
    /** Per chain, decisions of concurrent callers recorded together (see {@link #recordAsync}). */
    private final GroupCommit<PreparedDecision, Outcome> groups;
    /** The threads writing the groups of {@link #recordAsync}'s decisions: one group at a time per chain. */
    private final ExecutorService groupWriters;
    /** At most this many decisions in one group transaction. */
    static final int GROUP_LIMIT = 256;

    /** A decision of a group as its write left it: recorded, or refused (its actor no longer accepted). */
    record Outcome(RecordedDecision recorded, RuntimeException refusal) {
        RecordedDecision orThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return recorded;
        }
    }

    DecisionStore(DecisionRecordRepository repository, DecisionRecordSql records, AuditLog log,
                  TransactionOperations<Connection> tx, List<DecisionIndex> indexes, AuditChains chains,
                  ActorScreen actors) {
        this.chains = chains;
        this.actors = actors;
        this.repository = repository;
        this.records = records;
        this.log = log;
        this.tx = tx;
        this.indexes = List.copyOf(indexes);
        this.groupWriters = Executors.newCachedThreadPool(DaemonThreads.numbered("chain-writer-"));
        this.groups = new GroupCommit<>(GROUP_LIMIT, this::recordGroup, StorageUnavailableException.class::isInstance,
                groupWriters);
    }

    /** Lets the group writers go with the application context; a group being written is finished first. */
    @PreDestroy
    void close() {
        groupWriters.shutdown();
    }

    /**
     * Records a group of one chain's decisions ({@link #recordAsync}), except those whose actor is
     * no longer accepted (a credential revoked or expired since its request was let in): a 401 for
     * that caller alone. Who is still accepted is read in the group's own transaction, on its
     * connection, before the chain's head is locked ({@link ActorScreen}).
     */
    List<Outcome> recordGroup(List<PreparedDecision> group) {
        Set<String> names = new HashSet<>();
        for (PreparedDecision p : group) {
            if (p.actor() != null) {
                names.add(p.actor());
            }
        }
        List<RecordedDecision> recorded = record(group, c -> {
            BitSet refused = new BitSet();
            Set<String> notAccepted = names.isEmpty() ? Set.of() : actors.refused(c, names);
            for (int i = 0; i < group.size(); i++) {
                refused.set(i, group.get(i).actor() != null && notAccepted.contains(group.get(i).actor()));
            }
            return refused;
        });
        List<Outcome> out = new ArrayList<>(group.size());
        for (RecordedDecision r : recorded) {
            out.add(r != null ? new Outcome(r, null) : new Outcome(null, ProblemException.unauthenticated()));
        }
        return out;
    }

    /**
     * Records a prepared decision (its rows, its flags, the indexes kept beside it) and chains it
     * on its county's chain, without waiting: the future completes with the decision as recorded
     * once committed, or with the failure (a 503 StorageUnavailableException; a 401 problem when
     * its actor is no longer accepted as its group is written, {@link ActorScreen}). Its time is
     * the chain's, taken as its group is written, so the decision's time agrees with its place in
     * the chain. Decisions queued for one chain meanwhile are recorded together, on a writing
     * thread of their own ({@link GroupCommit}).
     */
    public CompletableFuture<RecordedDecision> recordAsync(PreparedDecision decision) {
        return groups.submit(chains.ofProfile(decision.profile()), decision).thenApply(Outcome::orThrow);
    }

    /**
     * Records many prepared decisions and chains each on its profile's chain in the order given,
     * in one transaction under the heads' locks: all of them or (a 503 problem) none. Under the
     * locks only the time is put in, the rows are inserted and the records hashed.
     */
    public List<RecordedDecision> recordAll(List<PreparedDecision> decisions) {
        return record(decisions, c -> new BitSet());
    }

    /** As {@link #recordAll}, but for the decisions {@code screen} refuses: null in their place. */
    private List<RecordedDecision> record(List<PreparedDecision> offered, AuditLog.Screen screen) {
        if (offered.isEmpty()) {
            return List.of();
        }
        try {
            List<String> chainOfEach = offered.stream().map(p -> chains.ofProfile(p.profile())).toList();
            return log.appendScreened(DecisionRecordSql.TYPE, chainOfEach, screen, (c, at, kept) -> {
                List<PreparedDecision> decisions = kept.size() == offered.size() ? offered
                        : kept.stream().map(offered::get).toList();
                List<Long> ids = records.insertAll(c, decisions, at);
                records.insertFlagsAll(c, decisions, ids);
                List<DecisionIndex.Indexed> indexed = new ArrayList<>(decisions.size());
                for (int i = 0; i < decisions.size(); i++) {
                    indexed.add(new DecisionIndex.Indexed(ids.get(i), decisions.get(i)));
                }
                for (DecisionIndex index : indexes) {
                    index.indexAll(c, indexed);
                }
                List<AuditLog.Appended<RecordedDecision>> out = new ArrayList<>(decisions.size());
                for (int i = 0; i < decisions.size(); i++) {
                    PreparedDecision p = decisions.get(i);
                    byte[] text = p.decision().utf8At(at); // answered and chained alike
                    out.add(new AuditLog.Appended<>(p.decisionId(), DecisionRecordSql.canonical(p, at, text),
                            new RecordedDecision(ids.get(i), p.decisionId(), at, text)));
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw unavailable(offered.size() + " decisions could not be stored", e);
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
