package kcbx.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.api.model.ChainFailure;
import kcbx.api.model.ChainFailureProblem;
import kcbx.api.model.ChainVerification;
import kcbx.api.model.ChainWalk;
import kcbx.system.ProblemException;
import kcbx.system.Jdbc;

/**
 * Walks an audit chain (or every chain) in order and reports the first record whose content
 * (hashed again from its stored row) or link (to the record before it) does not match. A whole
 * walk of a chain also checks its head row and its checkpoints; the walk of every chain also
 * looks for records stored around all of them. Runs in one read transaction, so on
 * MariaDB it sees one consistent snapshot while writers go on appending.
 */
@Singleton
public class ChainVerifier {
    /**
     * Records read and checked at a time. A page of decisions is held as their rows and chained
     * texts while checked, some 40 KB a decision: 1,000 (when the rows were also read a second time
     * for the kept-rows check) held about 80 MB of a 512 MB heap and a verify of 250,000 decisions
     * ran 80-90 full collections; a power of two like the write path's statements ({@link kcbx.system.Jdbc#slice}).
     */
    static final int PAGE = 256;

    private final TransactionOperations<Connection> tx;
    private final AuditRecordTypes types;
    private final CheckpointSink checkpoints;
    private final CheckpointSigner signer;
    private final List<KeptRows> kept;

    public ChainVerifier(TransactionOperations<Connection> tx, AuditRecordTypes types, CheckpointSink checkpoints,
                  CheckpointSigner signer, List<KeptRows> kept) {
        this.kept = List.copyOf(kept);
        this.tx = tx;
        this.types = types;
        this.checkpoints = checkpoints;
        this.signer = signer;
    }

    /**
     * Walks one chain ({@code chain}; fromSeq and toSeq bound the walk) or, with chain null, every
     * chain whole, one after the other by name, and then looks for records stored around every
     * chain. A chain no head names is a 404 problem.
     */
    public ChainVerification verify(String chain, Long fromSeq, Long toSeq) {
        // read before the database: every checkpoint read names a head committed before the walk's snapshot
        CheckpointBook book = book();
        ChainVerification result;
        try {
            result = Jdbc.read(tx, c -> chain == null ? walkAll(c, book) : walkOne(c, chain, fromSeq, toSeq, book));
        } catch (RuntimeException e) {
            throw kcbx.system.StorageFailure.unavailable(e, cause -> kcbx.system.StorageUnavailableException.notRecorded(
                    "The audit chain could not be read", cause));
        }
        if (result == null) {
            throw ProblemException.notFound("audit chain");
        }
        return result;
    }

    private CheckpointBook book() {
        try {
            return CheckpointBook.of(checkpoints.readAll(), signer.publicKey());
        } catch (java.io.IOException e) {
            return CheckpointBook.unreadable("The checkpoints cannot be read: " + e.getMessage());
        }
    }

    /** One chain; null when no head names it. */
    private ChainVerification walkOne(Connection c, String chain, Long fromSeq, Long toSeq, CheckpointBook book)
            throws SQLException {
        Optional<AuditChainSql.Head> head = AuditChainSql.head(c, chain);
        if (head.isEmpty()) {
            return null;
        }
        ChainWalk w = walk(c, head.get(), fromSeq, toSeq, book);
        ChainVerification v = new ChainVerification(w.getOk(), w.getChecked()).chain(chain).fromSeq(w.getFromSeq())
                .toSeq(w.getToSeq()).headSeq(w.getHeadSeq()).headHash(w.getHeadHash()).chains(List.of(w));
        return w.getFirstFailure() == null ? v : v.firstFailure(w.getFirstFailure());
    }

    /** Every chain whole, then what no single chain can show: records and derived rows outside all of them. */
    ChainVerification walkAll(Connection c, CheckpointBook book) throws SQLException {
        List<AuditChainSql.Head> heads = AuditChainSql.heads(c);
        List<ChainWalk> walks = new java.util.ArrayList<>();
        long checked = 0;
        ChainFailure first = null;
        for (AuditChainSql.Head head : heads) {
            ChainWalk w = walk(c, head, null, null, book);
            walks.add(w);
            checked += w.getChecked();
            if (first == null && w.getFirstFailure() != null) {
                first = w.getFirstFailure();
            }
        }
        ChainVerification result = new ChainVerification(first == null, checked).chains(walks);
        if (first == null) {
            first = outsideEveryChain(c, heads, book);
        }
        return first == null ? result : result.ok(false).firstFailure(first);
    }

    /** The walk of one chain without checkpoints (the benchmark's); null when no head names the chain. */
    public ChainVerification walk(Connection c, String chain, Long fromSeq, Long toSeq) throws SQLException {
        return walkOne(c, chain, fromSeq, toSeq, CheckpointBook.of(List.of(), null));
    }

    /** The walk of one chain, on one connection: whole when fromSeq and toSeq are null. */
    private ChainWalk walk(Connection c, AuditChainSql.Head head, Long fromSeq, Long toSeq, CheckpointBook book)
            throws SQLException {
        String chain = head.chain();
        boolean whole = fromSeq == null && toSeq == null;
        long from = fromSeq == null ? 1 : fromSeq;
        long to = toSeq == null ? Long.MAX_VALUE : toSeq;
        ChainWalk result = new ChainWalk(chain, true, 0L).fromSeq(from);
        if (book.problem() != null) {
            return fail(result, null, null, null, ChainFailureProblem.CHECKPOINT_MISMATCH, book.problem());
        }
        String prev = ChainHash.genesis(chain);
        if (from > 1) {
            Optional<AuditChainSql.Link> before = AuditChainSql.link(c, chain, from - 1);
            if (before.isEmpty()) {
                return fail(result, from - 1, null, null, ChainFailureProblem.SEQUENCE_GAP,
                        "The record before the range is missing from the chain.");
            }
            prev = before.get().chainHash();
        }
        long expected = from;
        long checked = 0;
        while (expected <= to) {
            List<AuditChainSql.Link> links = AuditChainSql.links(c, chain, expected, to, PAGE);
            if (links.isEmpty()) {
                break;
            }
            Map<String, Map<String, String>> contents = types.contents(c, links);
            for (AuditChainSql.Link l : links) {
                if (l.seq() != expected) {
                    return fail(result.checked(checked), expected, null, null, ChainFailureProblem.SEQUENCE_GAP,
                            "No record has seq " + expected + "; the next one has seq " + l.seq() + ".");
                }
                Mismatch m = check(l, prev, contents);
                Checkpoint contradicting = m == null ? book.contradicting(chain, l.seq(), l.chainHash()) : null;
                if (contradicting != null) {
                    m = new Mismatch(ChainFailureProblem.CHECKPOINT_MISMATCH, "A signed checkpoint written at "
                            + java.time.Instant.ofEpochMilli(contradicting.writtenAtMs())
                            + " names another chain hash at this seq: the chain was rewritten from here or before.");
                }
                if (m != null) {
                    return fail(result.checked(checked), l.seq(), l.recordType(), l.recordId(), m.problem(), m.detail());
                }
                prev = l.chainHash();
                expected++;
                checked++;
            }
            Derived d = derivedMismatch(c, links, contents);
            if (d != null) {
                return fail(result.checked(checked), d.link().seq(), d.link().recordType(), d.link().recordId(),
                        ChainFailureProblem.DERIVED_ROW_MISMATCH, d.detail());
            }
        }
        result.checked(checked).toSeq(expected - 1);
        if (whole) {
            return wholeChain(result, head, expected - 1, prev, book);
        }
        return result;
    }

    /** The head must end where the walk ended, and no checkpoint may name a seq beyond it. */
    private static ChainWalk wholeChain(ChainWalk result, AuditChainSql.Head head, long lastSeq, String lastHash,
                                        CheckpointBook book) {
        result.headSeq(head.lastSeq()).headHash(head.lastHash());
        // a head ahead of the walk is an append that committed after it (possible outside MariaDB's snapshot)
        if (head.lastSeq() < lastSeq || head.lastSeq() == lastSeq && !head.lastHash().equals(lastHash)) {
            return fail(result, lastSeq, null, null, ChainFailureProblem.HEAD_MISMATCH, "The chain head says seq "
                    + head.lastSeq() + " but the chain ends at seq " + lastSeq + " with another hash.");
        }
        Checkpoint highest = book.highest(head.chain());
        if (highest != null && highest.seq() > lastSeq) {
            return fail(result, highest.seq(), null, null, ChainFailureProblem.CHAIN_TRUNCATED, "A signed checkpoint"
                    + " written at " + java.time.Instant.ofEpochMilli(highest.writtenAtMs()) + " says the chain reached seq "
                    + highest.seq() + " but it now ends at seq " + lastSeq + ": records were removed from its end.");
        }
        return result;
    }

    /**
     * A chain with entries but no head, a checkpointed chain that is gone, a record stored in no
     * chain, or a derived row of no chained decision: the first found, or null.
     */
    private ChainFailure outsideEveryChain(Connection c, List<AuditChainSql.Head> heads, CheckpointBook book)
            throws SQLException {
        java.util.Set<String> named = new java.util.HashSet<>();
        heads.forEach(h -> named.add(h.chain()));
        for (String chain : AuditChainSql.chainsWithEntries(c)) {
            if (!named.contains(chain)) {
                return failure(chain, null, null, null, ChainFailureProblem.HEAD_MISMATCH,
                        "The chain has records but no head row.");
            }
        }
        for (String chain : book.chains()) {
            if (!named.contains(chain)) {
                Checkpoint highest = book.highest(chain);
                return failure(chain, highest.seq(), null, null, ChainFailureProblem.CHAIN_TRUNCATED, "A signed"
                        + " checkpoint written at " + java.time.Instant.ofEpochMilli(highest.writtenAtMs())
                        + " says the chain reached seq " + highest.seq() + " but the chain is gone.");
            }
        }
        for (AuditRecordType type : types.all()) {
            Optional<String> stray = type.firstUnchained(c);
            if (stray.isPresent()) {
                return failure(null, null, type.type(), stray.get(), ChainFailureProblem.UNCHAINED_RECORD,
                        "This " + type.type() + " is stored but not in the audit chain.");
            }
        }
        for (KeptRows rows : kept) {
            Optional<String> stray = rows.firstStray(c);
            if (stray.isPresent()) {
                return failure(null, null, null, null, ChainFailureProblem.DERIVED_ROW_MISMATCH, stray.get());
            }
        }
        return null;
    }

    private record Derived(AuditChainSql.Link link, String detail) {
    }

    /**
     * The first record of the page (in chain order) whose kept rows are not what its stored,
     * chained record gives, or null. Its content was checked just before, so the record is the chain's.
     */
    private Derived derivedMismatch(Connection c, List<AuditChainSql.Link> links,
                                    Map<String, Map<String, String>> contents) throws SQLException {
        Map<String, List<String>> idsByType = new java.util.LinkedHashMap<>();
        Map<String, AuditChainSql.Link> byId = new java.util.HashMap<>();
        for (AuditChainSql.Link l : links) {
            idsByType.computeIfAbsent(l.recordType(), k -> new java.util.ArrayList<>()).add(l.recordId());
            byId.put(l.recordType() + " " + l.recordId(), l);
        }
        AuditChainSql.Link first = null;
        String detail = null;
        for (KeptRows rows : kept) {
            for (Map.Entry<String, List<String>> e : idsByType.entrySet()) {
                Optional<KeptRows.Mismatch> m = rows.firstMismatch(c, e.getKey(), e.getValue(),
                        contents.getOrDefault(e.getKey(), Map.of()));
                if (m.isPresent()) {
                    AuditChainSql.Link l = byId.get(e.getKey() + " " + m.get().recordId());
                    if (l != null && (first == null || l.seq() < first.seq())) {
                        first = l;
                        detail = m.get().detail();
                    }
                }
            }
        }
        return first == null ? null : new Derived(first, detail);
    }

    private record Mismatch(ChainFailureProblem problem, String detail) {
    }

    /** Null when the record matches. */
    private static Mismatch check(AuditChainSql.Link l, String prev, Map<String, Map<String, String>> contents) {
        if (!l.prevHash().equals(prev)) {
            return new Mismatch(ChainFailureProblem.LINK_MISMATCH,
                    "Its prevHash is not the chainHash of the record before it.");
        }
        if (!ChainHash.link(l.seq(), l.recordType(), l.recordId(), l.recordedAtMs(), l.contentHash(), l.prevHash())
                .equals(l.chainHash())) {
            return new Mismatch(ChainFailureProblem.LINK_MISMATCH, "Its chainHash does not match its own fields.");
        }
        String content = AuditRecordTypes.content(contents, l);
        if (content == null) {
            return new Mismatch(ChainFailureProblem.MISSING_RECORD,
                    "The chain names a " + l.recordType() + " that is not stored.");
        }
        if (content == AuditRecordTypes.UNREADABLE) {
            return new Mismatch(ChainFailureProblem.CONTENT_MISMATCH,
                    "The stored " + l.recordType() + " cannot be read (a changed or corrupt compressed form).");
        }
        if (!ChainHash.sha256(content).equals(l.contentHash())) {
            return new Mismatch(ChainFailureProblem.CONTENT_MISMATCH,
                    "The stored " + l.recordType() + " no longer matches the hash it was chained with.");
        }
        return null;
    }

    private static ChainWalk fail(ChainWalk result, Long seq, String type, String id, ChainFailureProblem problem,
                                  String detail) {
        return result.ok(false).firstFailure(failure(result.getChain(), seq, type, id, problem, detail));
    }

    private static ChainFailure failure(String chain, Long seq, String type, String id, ChainFailureProblem problem,
                                        String detail) {
        ChainFailure f = new ChainFailure(problem, detail);
        f.setChain(chain);
        f.setSeq(seq);
        f.setRecordType(type);
        f.setRecordId(id);
        return f;
    }
}
