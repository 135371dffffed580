package kcbx.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.system.Jdbc;

/**
 * Rows derived from decisions (a search or report index), checked by verify against what is
 * computed again from the chained records: the chain vouches for the decision, this for what
 * searches, ledgers and reports read beside it. Implemented next to the code that writes the
 * rows, with that code's own computing function, so the check cannot drift from the writer.
 */
public interface DerivedRows {

    /** The table(s), for the verdict. */
    String name();

    /**
     * The rows this index must hold for a stored decision, each as one text, sorted; {@code facts}
     * is what its stored request and decision say (read once for every index: {@link IndexFacts#ofChained}
     * of the text verify hashed, or {@link IndexFacts#parse}). {@code r}'s columns only: verify
     * passes it without its JSON ({@code DecisionRecordSql.keyColumns}).
     */
    List<String> expected(long decisionPk, DecisionRecord r, IndexFacts facts);

    /** The rows it holds for these decisions, by decision_pk, each as one text (same form), sorted. */
    Map<Long, List<String>> stored(Connection c, Collection<Long> decisionPks) throws SQLException;

    /** The decision_pk of a row that belongs to no decision the chain vouches for (written around the service). */
    Optional<Long> firstStray(Connection c) throws SQLException;

    /**
     * The decision_pk of a row whose stored number names no code (written around the service), which
     * {@link #stored} does not read: none for a table without numbered codes.
     */
    default Optional<Long> firstUnknownCode(Connection c) throws SQLException {
        return Optional.empty();
    }

    /** {@link #firstStray} for a table with a decision_pk column. */
    static Optional<Long> firstStray(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT x.decision_pk FROM " + table + " x"
                + " LEFT JOIN decision_record d ON d.id = x.decision_pk"
                + " LEFT JOIN audit_chain a ON a.record_type = 'decision' AND a.record_id = d.decision_id"
                + " WHERE a.seq IS NULL AND x.decision_pk > COALESCE((SELECT p.max_pk FROM audit_prechain p"
                + " WHERE p.record_type = 'decision'), 0) ORDER BY x.decision_pk LIMIT 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * " WHERE code IN (...) AND decision_pk IN (...)" for a table keyed by (code, decision_pk) with
     * no index of its own on decision_pk (decision_flag, decision_ledger: none is kept, to keep the
     * bytes a decision stores down): every number {@code codes} may store, 0 (a name a migration did
     * not know) included, so the rows of a page of decisions are found by key look-ups. Filtering on
     * decision_pk alone read the whole table for every page, so verify took time in the square of
     * the decisions stored (measured: 112.6 s for 174,262 decisions before, 51.9 s since). A row
     * with a number outside these is found by {@link #firstOutsideCodes}. Bind with {@link #bindKeyed}.
     */
    static String keyedByCode(String codeColumn, StoredCodes codes, int decisions) {
        return " WHERE " + codeColumn + " IN (" + Jdbc.marks(codes.all().size() + 1) + ") AND decision_pk IN ("
                + Jdbc.marks(decisions) + ")";
    }

    /** Binds {@link #keyedByCode}'s numbers, then the decision_pks. */
    static void bindKeyed(PreparedStatement ps, StoredCodes codes, List<Long> decisionPks) throws SQLException {
        int k = 0;
        for (int code = 0; code <= codes.all().size(); code++) {
            ps.setInt(++k, code);
        }
        for (long pk : decisionPks) {
            ps.setLong(++k, pk);
        }
    }

    /** The decision_pk of a row whose number no code has (written around the service), if any. */
    static Optional<Long> firstOutsideCodes(Connection c, String table, String codeColumn, StoredCodes codes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT decision_pk FROM " + table + " WHERE " + codeColumn
                + " < 0 OR " + codeColumn + " > ? ORDER BY decision_pk LIMIT 1")) {
            ps.setInt(1, codes.all().size());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** A row's values as one text (null as the empty marker \u2400, so null and "" differ). */
    static String row(Object... values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(v == null ? "\u2400" : v.toString());
        }
        return b.toString();
    }
}
