package kcbx.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import kcbx.system.Jdbc;

/** The SQL of the chain tables (audit_chain, audit_chain_head). Rows are inserted, never updated, but for the head. */
final class AuditChainSql {
    private static final String CHAIN = "audit";
    private static final String LINK_COLUMNS =
            "seq, record_type, record_id, recorded_at_ms, content_hash, prev_hash, chain_hash";
    /** Rows per multi-row INSERT: one round trip each, well under MySQL's default max_allowed_packet. */
    static final int SLICE = 200;

    /** The chain's head: the last record's position, chain hash and time. */
    record Head(long lastSeq, String lastHash, long lastRecordedAtMs) {
    }

    /** One chain entry. */
    record Link(long seq, String recordType, String recordId, long recordedAtMs, String contentHash,
                String prevHash, String chainHash) {
    }

    private AuditChainSql() {
    }

    /** Reads the head and holds its row lock until the transaction ends: one appender at a time. */
    static Head lockHead(Connection c) throws SQLException {
        return head(c, " FOR UPDATE");
    }

    static Head head(Connection c) throws SQLException {
        return head(c, "");
    }

    private static Head head(Connection c, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, last_recorded_at_ms"
                + " FROM audit_chain_head WHERE chain_name = ?" + lock)) {
            ps.setString(1, CHAIN);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("audit_chain_head has no row '" + CHAIN + "' (migration V2 not applied?)");
                }
                return new Head(rs.getLong(1), rs.getString(2), rs.getLong(3));
            }
        }
    }

    static void append(Connection c, Link l) throws SQLException {
        appendAll(c, List.of(l));
    }

    /**
     * Inserts consecutive entries (a batch appended under one head lock), a slice of rows per
     * multi-row INSERT, and moves the head to the last of them.
     */
    static void appendAll(Connection c, List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        for (int from = 0; from < links.size(); from += SLICE) {
            List<Link> slice = links.subList(from, Math.min(links.size(), from + SLICE));
            String sql = Jdbc.multiRowInsert("INSERT INTO audit_chain (" + LINK_COLUMNS + ") VALUES ", 7, slice.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int k = 0;
                for (Link l : slice) {
                    ps.setLong(++k, l.seq());
                    ps.setString(++k, l.recordType());
                    ps.setString(++k, l.recordId());
                    ps.setLong(++k, l.recordedAtMs());
                    ps.setString(++k, l.contentHash());
                    ps.setString(++k, l.prevHash());
                    ps.setString(++k, l.chainHash());
                }
                ps.executeUpdate();
            }
        }
        Link last = links.get(links.size() - 1);
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ?,"
                + " last_recorded_at_ms = ? WHERE chain_name = ?")) {
            ps.setLong(1, last.seq());
            ps.setString(2, last.chainHash());
            ps.setLong(3, last.recordedAtMs());
            ps.setString(4, CHAIN);
            ps.executeUpdate();
        }
    }

    /** Entries with fromSeq <= seq <= toSeq in chain order, at most limit of them. */
    static List<Link> links(Connection c, long fromSeq, long toSeq, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LINK_COLUMNS + " FROM audit_chain"
                + " WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, fromSeq);
            ps.setLong(2, toSeq);
            ps.setInt(3, limit);
            List<Link> out = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Link(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        }
    }

    static Optional<Link> link(Connection c, long seq) throws SQLException {
        List<Link> one = links(c, seq, seq, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The first entry recorded at or after this time (recorded_at_ms never decreases along seq). */
    static OptionalLong firstSeqFrom(Connection c, long fromMs) throws SQLException {
        return seq(c, "SELECT seq FROM audit_chain WHERE recorded_at_ms >= ? ORDER BY recorded_at_ms, seq LIMIT 1",
                fromMs);
    }

    /** The last entry recorded before this time. */
    static OptionalLong lastSeqBefore(Connection c, long toMs) throws SQLException {
        return seq(c, "SELECT seq FROM audit_chain WHERE recorded_at_ms < ?"
                + " ORDER BY recorded_at_ms DESC, seq DESC LIMIT 1", toMs);
    }

    private static OptionalLong seq(Connection c, String sql, long ms) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
