package kcbx.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind of record kept in the audit chain ("decision", "reconciliation"). The
 * chain stores only hashes; the record itself stays in its own table. To join the chain a record
 * type (1) appends through {@link AuditLog#append} in the transaction that inserts its row, giving
 * the canonical JSON text of that row, and (2) is a bean of this interface, so verify and export
 * can rebuild the same text from the stored row. Implementations are repositories: they know SQL.
 */
public interface AuditRecordType {

    /** The record_type of this kind's chain entries, e.g. "decision". */
    String type();

    /**
     * The canonical text of each stored record among these ids, rebuilt from its row exactly as it
     * was when appended; an id with no row is absent from the map.
     */
    Map<String, String> contents(Connection c, Collection<String> ids) throws SQLException;

    /** How many of these records are stored (the append's check that its transaction still holds them). */
    default long stored(Connection c, Collection<String> ids) throws SQLException {
        return contents(c, ids).size();
    }

    /** The id of the first stored record of this kind that is not in the chain, if any. */
    Optional<String> firstUnchained(Connection c) throws SQLException;

    /**
     * Whether the canonical text commits to more rows than it holds, by a digest (a reconciliation's
     * findings): then an export carries those rows as {@link #parts}, after the record's own line,
     * so the record can be checked offline.
     */
    default boolean hasParts() {
        return false;
    }

    /** An export line for one of a record's parts, and its position among them. */
    record Part(long position, String line) {
    }

    /** At most limit parts of the record, from position fromPosition on, in order. */
    default List<Part> parts(Connection c, String recordId, long fromPosition, int limit) throws SQLException {
        return List.of();
    }

    /**
     * The first row of {@code table} (auto-increment {@code id}) whose {@code idColumn} is not in the
     * chain as {@code type}, ignoring rows stored before the type joined the chain (audit_prechain).
     */
    static Optional<String> firstUnchained(Connection c, String type, String table, String idColumn)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r." + idColumn + " FROM " + table + " r"
                + " LEFT JOIN audit_chain a ON a.record_type = ? AND a.record_id = r." + idColumn
                + " WHERE a.seq IS NULL AND r.id > COALESCE((SELECT p.max_pk FROM audit_prechain p"
                + " WHERE p.record_type = ?), 0) ORDER BY r.id LIMIT 1")) {
            ps.setString(1, type);
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
