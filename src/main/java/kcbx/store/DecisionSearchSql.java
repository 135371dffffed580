package kcbx.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import kcbx.audit.ChainHash;

/**
 * The search SQL, shared by the service and the benchmark. Keyset paging on the row id, which
 * follows recording order (ids and recording times are both given out under the chain lock), so
 * every filter is an index range read in id order and stops after one page:
 * student (ix_decision_record_student), school (ix_decision_record_school), profile
 * (ix_decision_record_profile), flag (decision_flag's primary key (flag_code, decision_pk); with a
 * school, the rows of other schools in that range are skipped on the clustered row itself: V20
 * dropped the flag-and-school index for its bytes). A period is first turned into an id range
 * through ix_decision_record_decided, so it narrows any of those ranges instead of being a filter
 * read row by row.
 */
final class DecisionSearchSql {
    private DecisionSearchSql() {
    }

    /** A statement and its arguments. */
    record Statement(String sql, List<Object> args, long prechainMaxPk) {
    }

    static List<DecisionRecord> search(Connection c, DecisionQuery q) throws SQLException {
        return search(c, q, new ArrayList<>());
    }

    /**
     * A page of decisions, leaving out (into unchained, by id) any row the chain does not vouch for:
     * no chain entry, or content that no longer matches its hash (written or changed around the service).
     */
    static List<DecisionRecord> search(Connection c, DecisionQuery q, List<Long> unchained) throws SQLException {
        Statement st = statement(c, q);
        if (st == null) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(st.sql())) {
            for (int i = 0; i < st.args().size(); i++) {
                ps.setObject(i + 1, st.args().get(i));
            }
            List<DecisionRecord> out = new ArrayList<>(q.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DecisionRecord r = DecisionRecordSql.row(rs);
                    if (DecisionRecordSql.chained(r,
                            ChainHash.read(rs.getBytes(DecisionRecordSql.COLUMN_COUNT + 1)), st.prechainMaxPk())) {
                        out.add(r);
                    } else {
                        unchained.add(r.id());
                    }
                }
            }
            return out;
        }
    }

    /** The statement for a query, or null when its period holds no decision at all. */
    static Statement statement(Connection c, DecisionQuery q) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(DecisionRecordSql.COLUMNS).append(", a.content_hash");
        String chain = " LEFT JOIN audit_chain a ON a.record_type = '" + DecisionRecordSql.TYPE
                + "' AND a.record_id = d.decision_id";
        String key;
        if (q.flag() != null) {
            key = "f.decision_pk";
            sql.append(" FROM decision_flag f JOIN decision_record d ON d.id = f.decision_pk").append(chain)
                    .append(" WHERE f.flag_code = ?");
            args.add(StoredCodes.FLAGS.all().getOrDefault(q.flag(), -1)); // a name of no flag matches no row
            if (q.schoolId() != null) {
                sql.append(" AND f.school_id = ?");
                args.add(q.schoolId());
            }
        } else {
            key = "d.id";
            sql.append(" FROM decision_record d").append(chain).append(" WHERE 1 = 1");
            if (q.schoolId() != null) {
                sql.append(" AND d.school_id = ?");
                args.add(q.schoolId());
            }
        }
        if (q.studentId() != null) {
            sql.append(" AND d.student_id = ?");
            args.add(q.studentId());
        }
        if (q.profile() != null) {
            sql.append(" AND d.profile = ?");
            args.add(q.profile());
        }
        if (q.fromMs() != null || q.toMs() != null) {
            long[] ids = idRange(c, q.fromMs(), q.toMs());
            if (ids == null) {
                return null;
            }
            sql.append(" AND ").append(key).append(" BETWEEN ? AND ?");
            args.add(ids[0]);
            args.add(ids[1]);
            if (q.fromMs() != null) {
                sql.append(" AND d.decided_at_ms >= ?");
                args.add(q.fromMs());
            }
            if (q.toMs() != null) {
                sql.append(" AND d.decided_at_ms < ?");
                args.add(q.toMs());
            }
        }
        if (q.after() != null) {
            sql.append(" AND ").append(key).append(q.ascending() ? " > ?" : " < ?");
            args.add(q.after());
        }
        sql.append(" ORDER BY ").append(key).append(q.ascending() ? " ASC" : " DESC").append(" LIMIT ?");
        args.add(q.limit());
        return new Statement(sql.toString(), args, DecisionRecordSql.prechainMaxPk(c));
    }

    /**
     * The ids of the first and last decision recorded in [fromMs, toMs), or null when none was.
     * Exact because recording times never decrease along the ids (decisions stored before the
     * chain existed may fall outside; the time filter still applies to them).
     */
    static long[] idRange(Connection c, Long fromMs, Long toMs) throws SQLException {
        Long lo = fromMs == null ? Long.valueOf(1L) : one(c, "SELECT id FROM decision_record WHERE decided_at_ms >= ?"
                + " ORDER BY decided_at_ms, id LIMIT 1", fromMs);
        Long hi = toMs == null ? Long.valueOf(Long.MAX_VALUE) : one(c, "SELECT id FROM decision_record"
                + " WHERE decided_at_ms < ? ORDER BY decided_at_ms DESC, id DESC LIMIT 1", toMs);
        return lo == null || hi == null || lo > hi ? null : new long[] {lo, hi};
    }

    private static Long one(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
