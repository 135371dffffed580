package kcbx.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A kind of record kept in the audit chain ("decision"; a reconciliation joins the same way). The
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

    /** The id of the first stored record of this kind that is not in the chain, if any. */
    Optional<String> firstUnchained(Connection c) throws SQLException;
}
