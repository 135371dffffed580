package kcbx.audit;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import kcbx.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the audit chains ({@link AuditChains}: one per county, and the system
 * chain). One transaction inserts the records' own rows and their chain entries, after locking
 * the head row of each chain it appends to (in name order, so two multi-chain appends cannot
 * deadlock), so appends to one chain are serialised across threads and service instances, and
 * the chain has neither gaps nor forks, while appends to different chains do not wait for each
 * other. The recording time is taken under the locks and never goes backwards along a chain, so
 * recording order, seq order and time order agree within each chain.
 *
 * <p>When this call owns the transaction, a deadlock or a Galera certification conflict (another
 * node committed the same head first; error 1213, SQLSTATE 40001) rolls all of it back and the
 * whole transaction is done again, reading the head anew, up to
 * {@code kcbx.audit.conflict-retries} times ({@link ChainConflicts}); the caller sees only the
 * outcome. When it joins a transaction the caller opened, the conflict is the caller's to retry.
 */
@Singleton
public class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final TransactionOperations<Connection> tx;
    /**
     * The chain writer's datasource (datasources.chain-writer: the same database, connections kept
     * out of autocommit), for {@link #appendScreened}: its transactions need no autocommit switch
     * before and after, two round trips a group.
     */
    private final TransactionOperations<Connection> writerTx;
    private final Checkpointer checkpointer;
    /** Lazily: the record types are beans that append through this one. */
    private final BeanProvider<AuditRecordTypes> types;
    private final int conflictRetries;
    /** Chains whose head row this instance has seen or created. */
    private final Set<String> knownHeads = ConcurrentHashMap.newKeySet();
    private final AtomicLong conflictsRetried = new AtomicLong();
    /** kcbx.audit.galera-checks: auto, on or off (see {@link #checksOwnTransaction()}). */
    private final String galeraChecks;
    /** Whether an append reads its own transaction back (decided at the first append). */
    private volatile Boolean checksOwnTransaction;

    AuditLog(TransactionOperations<Connection> tx,
             @Named("chain-writer") TransactionOperations<Connection> writerTx, Checkpointer checkpointer,
             @Value("${kcbx.audit.conflict-retries:10}") int conflictRetries, BeanProvider<AuditRecordTypes> types,
             @Value("${kcbx.audit.galera-checks:auto}") String galeraChecks) {
        if (!Set.of("auto", "on", "off").contains(galeraChecks)) {
            throw new IllegalArgumentException("kcbx.audit.galera-checks must be auto, on or off, not '" + galeraChecks + "'.");
        }
        this.types = types;
        this.tx = tx;
        this.writerTx = writerTx;
        this.checkpointer = checkpointer;
        this.conflictRetries = Math.max(0, conflictRetries);
        this.galeraChecks = galeraChecks;
    }

    /**
     * Whether an append reads its own transaction back before and after the commit (its records
     * and links still there: {@link #holdsAll}, {@link #committed}). Those reads are for a Galera
     * cluster, where a transaction aborted by a replicated write between two statements is not
     * always reported to the client (docs/galera.md); on one server they cost three round trips
     * and a read transaction a group and find nothing. kcbx.audit.galera-checks: "auto" (the
     * default) asks the server once ({@code @@wsrep_on}, which only a MariaDB Galera node has on),
     * "on" and "off" decide without asking.
     */
    boolean checksOwnTransaction() {
        Boolean checks = checksOwnTransaction;
        if (checks == null) {
            checks = switch (galeraChecks) {
                case "on" -> true;
                case "off" -> false;
                default -> Jdbc.read(tx, AuditLog::wsrepOn);
            };
            checksOwnTransaction = checks;
            LOG.info("Chain appends {} their own transaction back (kcbx.audit.galera-checks={})",
                    checks ? "read" : "do not read", galeraChecks);
        }
        return checks;
    }

    /** Whether the server is a Galera node replicating (MariaDB's wsrep_on); no such variable (MySQL, H2) is no. */
    private static boolean wsrepOn(Connection c) {
        try {
            // H2 is not asked: its failed statement would be written to a trace file beside the database
            if (!c.getMetaData().getDatabaseProductName().matches("(?i).*(mariadb|mysql).*")) {
                return false;
            }
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT @@wsrep_on")) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Inserts a record's row(s) on the given connection, at the given recording time. */
    @FunctionalInterface
    public interface Insert<R> {
        Appended<R> insert(Connection c, long recordedAtMs) throws SQLException;
    }

    /**
     * Inserts many records' rows on the given connection, all at the given recording time, in
     * chain order. May be called more than once (a conflict redoes the transaction): it must only
     * write through the connection.
     */
    @FunctionalInterface
    public interface InsertAll<R> {
        List<Appended<R>> insert(Connection c, long recordedAtMs) throws SQLException;
    }

    /**
     * Which of the records offered to {@link #appendScreened} are refused: asked on the append's
     * connection, inside its transaction, before any head is locked (and asked again when a
     * conflict has the transaction done again), so what it reads and what is appended are one
     * transaction's. Bit i set refuses the i-th record: it is neither inserted nor chained.
     */
    @FunctionalInterface
    public interface Screen {
        BitSet refused(Connection c) throws SQLException;
    }

    /**
     * Inserts the rows of the records a {@link Screen} let through ({@code kept}: their positions
     * among the records offered, ascending), all at the given recording time, in chain order;
     * otherwise as {@link InsertAll}.
     */
    @FunctionalInterface
    public interface ScreenedInsert<R> {
        List<Appended<R>> insert(Connection c, long recordedAtMs, List<Integer> kept) throws SQLException;
    }

    /**
     * What was inserted: the record's id, its canonical JSON text as UTF-8 (which its
     * {@link AuditRecordType} must rebuild byte for byte from the stored row) and whatever the
     * caller wants back.
     */
    public record Appended<R>(String recordId, byte[] content, R result) {
        /** The same with the canonical text as a string. */
        public Appended(String recordId, String content, R result) {
            this(recordId, content.getBytes(StandardCharsets.UTF_8), result);
        }
    }

    /** Runs insert and chains the record it inserted on {@code chain}, all or nothing. */
    public <R> R append(String recordType, String chain, Insert<R> insert) {
        return appendAll(recordType, List.of(chain), (c, at) -> List.of(insert.insert(c, at))).get(0);
    }

    /**
     * Runs insert and chains every record it inserted on {@code chain}, in the order given, all or
     * nothing: one head lock and one transaction for the lot, so a batch pays the lock and the
     * commit once while the chain stays exactly what one append at a time would have made
     * (consecutive seq, each entry linked to the one before, one recording time that does not go
     * backwards).
     */
    public <R> List<R> appendAll(String recordType, String chain, int count, InsertAll<R> insert) {
        return appendAll(recordType, java.util.Collections.nCopies(count, chain), insert);
    }

    /**
     * As {@link #appendAll(String, String, int, InsertAll)} for records of several chains:
     * {@code chainOfEach.get(i)} is the chain of the i-th record insert returns. One transaction
     * locks the head of each chain named; each chain gets its records in the order given.
     */
    public <R> List<R> appendAll(String recordType, List<String> chainOfEach, InsertAll<R> insert) {
        return append(tx, recordType, chainOfEach, c -> new BitSet(), (c, at, kept) -> insert.insert(c, at));
    }

    /**
     * As {@link #appendAll(String, List, InsertAll)}, for the records {@code screen} does not
     * refuse, asked in the same transaction (one round trip fewer than asking before it, and what
     * it read still holds when the records commit). The results are in the order offered, null
     * for a refused record; none inserted, none chained, when every record is refused.
     *
     * <p>Always its own transaction, on a connection of the chain writer's datasource (never inside
     * a caller's transaction, which is another connection's): {@code screen} and {@code insert}
     * must do all their work through the connection they are given.
     *
     * @throws IllegalStateException when called inside a transaction
     */
    public <R> List<R> appendScreened(String recordType, List<String> chainOfEach, Screen screen,
                                      ScreenedInsert<R> insert) {
        if (tx.findTransactionStatus().isPresent() || writerTx.findTransactionStatus().isPresent()) {
            throw new IllegalStateException("a screened append is a transaction of its own, not part of another");
        }
        return append(writerTx, recordType, chainOfEach, screen, insert);
    }

    private <R> List<R> append(TransactionOperations<Connection> on, String recordType, List<String> chainOfEach,
                               Screen screen, ScreenedInsert<R> insert) {
        if (chainOfEach.isEmpty()) {
            return List.of();
        }
        TreeSet<String> chains = new TreeSet<>(chainOfEach);
        for (String chain : chains) {
            if (!knownHeads.contains(chain)) {
                AuditChainSql.ensureHead(tx, chain);
                knownHeads.add(chain);
            }
        }
        boolean ownsTransaction = on.findTransactionStatus().isEmpty();
        boolean checks = ownsTransaction && checksOwnTransaction();
        for (int attempt = 0; ; attempt++) {
            try {
                Chained<R> done = Jdbc.write(on, c -> chainAll(c, recordType, chainOfEach, screen, insert, checks));
                if (checks) {
                    committed(done);
                }
                checkpointer.appended(done.links().stream().mapToInt(List::size).sum());
                return done.results();
            } catch (RuntimeException e) {
                if (!ownsTransaction || attempt >= conflictRetries || !ChainConflicts.isLostRace(e)) {
                    throw e;
                }
                long n = conflictsRetried.incrementAndGet();
                if (n == 1 || n % 100 == 0) {
                    LOG.info("Chain appends done again after a conflict: {} so far (deadlock or certification"
                            + " conflict with another writer of the same chain; none reached a caller)", n);
                }
                LOG.debug("Chain append of {} {} record(s) on {} lost to a concurrent writer ({}); done again"
                        + " (attempt {}, {} so far)", chainOfEach.size(), recordType, chains, e.getMessage(),
                        attempt + 2, n);
                ChainConflicts.pauseBefore(attempt + 1);
            }
        }
    }

    /** Transactions done again after a deadlock or certification conflict, since start-up. */
    public long conflictsRetried() {
        return conflictsRetried.get();
    }

    /** What a transaction appended: the callers' results and each chain's new links. */
    private record Chained<R>(List<R> results, List<List<AuditChainSql.Link>> links) {
    }

    /**
     * After the commit: every chain holds the links this append made. A commit that returned but
     * did not keep them (a transaction a Galera node aborted between statements is not always
     * reported to the client) is a lost race, done again like a conflict.
     */
    private void committed(Chained<?> done) {
        boolean held = Jdbc.read(tx, c -> {
            for (List<AuditChainSql.Link> links : done.links()) {
                if (!AuditChainSql.holds(c, links)) {
                    return false;
                }
            }
            return true;
        });
        if (!held) {
            throw new io.micronaut.data.exceptions.DataAccessException("the appended links are not in the chain after"
                    + " the commit", new SQLException("appended links not committed", "40001",
                    ChainConflicts.ER_LOCK_DEADLOCK));
        }
    }

    private <R> Chained<R> chainAll(Connection c, String recordType, List<String> chainOfEach, Screen screen,
                                    ScreenedInsert<R> insert, boolean checks) throws SQLException {
        BitSet refused = screen.refused(c);
        List<Integer> kept = new ArrayList<>(chainOfEach.size());
        TreeSet<String> chains = new TreeSet<>();
        for (int i = 0; i < chainOfEach.size(); i++) {
            if (!refused.get(i)) {
                kept.add(i);
                chains.add(chainOfEach.get(i));
            }
        }
        List<R> results = new ArrayList<>(java.util.Collections.nCopies(chainOfEach.size(), null));
        if (kept.isEmpty()) {
            return new Chained<>(results, List.of());
        }
        Map<String, AuditChainSql.Head> heads = new TreeMap<>();
        long at = System.currentTimeMillis();
        for (String chain : chains) {
            AuditChainSql.Head head = AuditChainSql.lockHead(c, chain);
            heads.put(chain, head);
            at = Math.max(at, head.lastRecordedAtMs());
        }
        List<Appended<R>> appended = insert.insert(c, at, kept);
        if (appended.size() != kept.size()) {
            throw new IllegalStateException(appended.size() + " records inserted for " + kept.size() + " chained");
        }
        Map<String, List<AuditChainSql.Link>> links = new HashMap<>();
        for (int j = 0; j < appended.size(); j++) {
            Appended<R> a = appended.get(j);
            String chain = chainOfEach.get(kept.get(j));
            List<AuditChainSql.Link> ofChain = links.computeIfAbsent(chain, k -> new ArrayList<>());
            AuditChainSql.Head head = heads.get(chain);
            long seq = ofChain.isEmpty() ? head.lastSeq() + 1 : ofChain.get(ofChain.size() - 1).seq() + 1;
            String prev = ofChain.isEmpty() ? head.lastHash() : ofChain.get(ofChain.size() - 1).chainHash();
            String contentHash = ChainHash.sha256(a.content());
            String chainHash = ChainHash.link(seq, recordType, a.recordId(), at, contentHash, prev);
            ofChain.add(new AuditChainSql.Link(chain, seq, recordType, a.recordId(), at, contentHash, prev, chainHash));
            results.set(kept.get(j), a.result());
        }
        List<List<AuditChainSql.Link>> byChain = new ArrayList<>();
        for (String chain : chains) {
            AuditChainSql.appendAll(c, heads.get(chain), links.getOrDefault(chain, List.of()));
            byChain.add(links.getOrDefault(chain, List.of()));
        }
        if (checks) {
            holdsAll(c, recordType, byChain);
        }
        return new Chained<>(results, byChain);
    }

    /**
     * Before the commit: the transaction still holds every record row and link it wrote. On a
     * Galera node a transaction aborted by a replicated write between two statements has been
     * rolled back; a later statement may then run in a new transaction, which must not commit as
     * if it were the whole append.
     */
    private void holdsAll(Connection c, String recordType, List<List<AuditChainSql.Link>> appended)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        for (List<AuditChainSql.Link> links : appended) {
            if (!AuditChainSql.holds(c, links)) {
                throw new SQLException("the transaction no longer holds its links", "40001",
                        ChainConflicts.ER_LOCK_DEADLOCK);
            }
            links.forEach(l -> ids.add(l.recordId()));
        }
        long stored = types.get().stored(c, recordType, ids);
        if (stored >= 0 && stored != ids.size()) {
            throw new SQLException("the transaction holds " + stored + " of its " + ids.size() + " records", "40001",
                    ChainConflicts.ER_LOCK_DEADLOCK);
        }
    }
}
