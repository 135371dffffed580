package kcbx.audit;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import kcbx.system.Jdbc;

/**
 * The SQL of the chain tables (audit_chain, audit_chain_head). Rows are inserted, never updated,
 * but for the heads: one row per chain, keyed by its name. Since V23 an entry's three hashes are
 * stored as their 32 bytes ({@link ChainHash#stored}, {@link ChainHash#read}); everything above this
 * class sees them as hex text, as before; the heads keep theirs as text (one row a chain).
 */
final class AuditChainSql {
    private static final String LINK_COLUMNS =
            "chain_name, seq, record_type, record_id, recorded_at_ms, content_hash, prev_hash, chain_hash";
    /** A chain's head: the last record's position, chain hash and time. */
    record Head(String chain, long lastSeq, String lastHash, long lastRecordedAtMs) {
    }

    /** One chain entry. */
    record Link(String chain, long seq, String recordType, String recordId, long recordedAtMs, String contentHash,
                String prevHash, String chainHash) {
    }

    private AuditChainSql() {
    }

    /**
     * Reads a chain's head and holds its row lock until the transaction ends: one appender at a
     * time per chain. The head row must exist ({@link #ensureHead}).
     */
    static Head lockHead(Connection c, String chain) throws SQLException {
        return head(c, chain, " FOR UPDATE").orElseThrow(() -> new SQLException("audit_chain_head has no row '"
                + chain + "'"));
    }

    static Optional<Head> head(Connection c, String chain) throws SQLException {
        return head(c, chain, "");
    }

    private static Optional<Head> head(Connection c, String chain, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, last_recorded_at_ms"
                + " FROM audit_chain_head WHERE chain_name = ?" + lock)) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Head(chain, rs.getLong(1), rs.getString(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /** Every chain's head, by name. */
    static List<Head> heads(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chain_name, last_seq, last_hash, last_recorded_at_ms"
                + " FROM audit_chain_head ORDER BY chain_name")) {
            List<Head> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Head(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    /**
     * Creates a chain's head row (at seq 0, linking to the chain's genesis) unless it exists, in a
     * transaction of its own, so that the first appends to a new chain do not race inside theirs.
     * Two instances creating it at once: one insert fails on the key (or, on Galera, in
     * certification) and the row is read again.
     */
    static void ensureHead(TransactionOperations<Connection> tx, String chain) {
        for (int attempt = 0; ; attempt++) {
            int tried = attempt;
            boolean done = tx.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                    status -> {
                        Connection c = status.getConnection();
                        try {
                            if (head(c, chain).isPresent()) {
                                return true;
                            }
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain_head (chain_name,"
                                    + " last_seq, last_hash, last_recorded_at_ms) VALUES (?, 0, ?, 0)")) {
                                ps.setString(1, chain);
                                ps.setString(2, ChainHash.genesis(chain));
                                ps.executeUpdate();
                            }
                            return true;
                        } catch (SQLException e) {
                            if (tried < 3 && (e.getSQLState() != null && e.getSQLState().startsWith("23")
                                    || ChainConflicts.isConflict(e))) {
                                status.setRollbackOnly();
                                return false; // another writer created it first: read it again
                            }
                            throw new io.micronaut.data.exceptions.DataAccessException("SQLState " + e.getSQLState()
                                    + ": " + e.getMessage(), e);
                        }
                    });
            if (done) {
                return;
            }
        }
    }

    /**
     * Inserts consecutive entries of one chain (a batch appended under its head lock), with multi-row
     * INSERTs ({@link Jdbc#insertRows}), and moves the chain's head from {@code before} (as read under the
     * lock) to the last of them. The head moves only if it still is {@code before}: on a Galera
     * cluster the row lock is local to one node, so a writer on another node may have moved it;
     * then this is a conflict (SQLSTATE 40001) and the caller's transaction is done again.
     */
    static void appendAll(Connection c, Head before, List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        Jdbc.insertRows(c, "INSERT INTO audit_chain (" + LINK_COLUMNS + ") VALUES ", 8, links, (ps, k, l) -> {
            ps.setString(++k, l.chain());
            ps.setLong(++k, l.seq());
            ps.setString(++k, l.recordType());
            ps.setString(++k, l.recordId());
            ps.setLong(++k, l.recordedAtMs());
            ps.setBytes(++k, ChainHash.stored(l.contentHash()));
            ps.setBytes(++k, ChainHash.stored(l.prevHash()));
            ps.setBytes(++k, ChainHash.stored(l.chainHash()));
            return k;
        });
        Link last = links.get(links.size() - 1);
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ?,"
                + " last_recorded_at_ms = ? WHERE chain_name = ? AND last_seq = ? AND last_hash = ?")) {
            ps.setLong(1, last.seq());
            ps.setString(2, last.chainHash());
            ps.setLong(3, last.recordedAtMs());
            ps.setString(4, last.chain());
            ps.setLong(5, before.lastSeq());
            ps.setString(6, before.lastHash());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the head of chain '" + last.chain() + "' is no longer at seq " + before.lastSeq()
                        + ": another writer moved it", "40001", ChainConflicts.ER_LOCK_DEADLOCK);
            }
        }
    }

    /**
     * Whether the chain holds exactly these entries at their seqs (their chain hashes): read before
     * the commit, it shows the transaction still holds all it wrote; read after, that it committed.
     */
    static boolean holds(Connection c, List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return true;
        }
        Link first = links.get(0);
        Link last = links.get(links.size() - 1);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_chain WHERE chain_name = ?"
                + " AND ((seq = ? AND chain_hash = ?) OR (seq = ? AND chain_hash = ?))")) {
            ps.setString(1, first.chain());
            ps.setLong(2, first.seq());
            ps.setBytes(3, ChainHash.stored(first.chainHash()));
            ps.setLong(4, last.seq());
            ps.setBytes(5, ChainHash.stored(last.chainHash()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == (first == last ? 1 : 2);
            }
        }
    }

    /** Entries of a chain with fromSeq <= seq <= toSeq in chain order, at most limit of them. */
    static List<Link> links(Connection c, String chain, long fromSeq, long toSeq, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LINK_COLUMNS + " FROM audit_chain"
                + " WHERE chain_name = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, chain);
            ps.setLong(2, fromSeq);
            ps.setLong(3, toSeq);
            ps.setInt(4, limit);
            List<Link> out = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Link(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            ChainHash.read(rs.getBytes(6)), ChainHash.read(rs.getBytes(7)), ChainHash.read(rs.getBytes(8))));
                }
            }
            return out;
        }
    }

    static Optional<Link> link(Connection c, String chain, long seq) throws SQLException {
        List<Link> one = links(c, chain, seq, seq, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The first entry of a chain recorded at or after this time (recorded_at_ms never decreases along seq). */
    static OptionalLong firstSeqFrom(Connection c, String chain, long fromMs) throws SQLException {
        return seq(c, chain, "SELECT seq FROM audit_chain WHERE chain_name = ? AND recorded_at_ms >= ?"
                + " ORDER BY recorded_at_ms, seq LIMIT 1", fromMs);
    }

    /** The last entry of a chain recorded before this time. */
    static OptionalLong lastSeqBefore(Connection c, String chain, long toMs) throws SQLException {
        return seq(c, chain, "SELECT seq FROM audit_chain WHERE chain_name = ? AND recorded_at_ms < ?"
                + " ORDER BY recorded_at_ms DESC, seq DESC LIMIT 1", toMs);
    }

    /** The names of the chains that have entries (read along the key's first column). */
    static List<String> chainsWithEntries(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT chain_name FROM audit_chain ORDER BY chain_name");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static OptionalLong seq(Connection c, String chain, String sql, long ms) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, chain);
            ps.setLong(2, ms);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
