package kcbx.report;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kcbx.audit.DecisionIndex;
import kcbx.audit.DecisionRecord;
import kcbx.system.Jdbc;

/**
 * Writes report_decision and decision_ledger (V6) for each decision, in the decision's
 * transaction. A group of decisions (group commit, batch chunks) is written with multi-row
 * INSERTs, a slice at a time, since this runs while the chain head is locked.
 */
@Singleton
class ReportIndexSql implements DecisionIndex {
    /** Rows per multi-row INSERT. */
    private static final int SLICE = 200;

    /** One decision's rows in the report tables. */
    record Indexed(long pk, DecisionRecord r, String township, String standing, TreeSet<String> ledgers) {
    }

    @Override
    public void index(Connection c, long decisionPk, DecisionRecord r) throws SQLException {
        write(c, List.of(indexed(decisionPk, r)));
    }

    @Override
    public void indexAll(Connection c, List<DecisionRecord> rows, Map<String, Long> pks) throws SQLException {
        List<Indexed> all = new ArrayList<>(rows.size());
        for (DecisionRecord r : rows) {
            all.add(indexed(pks.get(r.decisionId()), r));
        }
        write(c, all);
    }

    static Indexed indexed(long pk, DecisionRecord r) {
        StoredDecision d = StoredDecision.forIndex(pk, r.requestJson(), r.decisionJson());
        return new Indexed(pk, r, d.studentText("township"), d.standing(), new TreeSet<>(d.ledgers()));
    }

    private static void write(Connection c, List<Indexed> all) throws SQLException {
        for (int from = 0; from < all.size(); from += SLICE) {
            List<Indexed> slice = all.subList(from, Math.min(all.size(), from + SLICE));
            try (PreparedStatement ps = c.prepareStatement(Jdbc.multiRowInsert("INSERT INTO report_decision"
                    + " (decision_pk, student_id, school_id, township, as_of, standing) VALUES ", 6, slice.size()))) {
                int k = 0;
                for (Indexed i : slice) {
                    ps.setLong(++k, i.pk());
                    ps.setString(++k, i.r().studentId());
                    ps.setString(++k, i.r().schoolId());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.r().asOf());
                    ps.setString(++k, i.standing());
                }
                ps.executeUpdate();
            }
        }
        List<Object[]> ledgerRows = new ArrayList<>();
        for (Indexed i : all) {
            for (String ledger : i.ledgers()) {
                ledgerRows.add(new Object[] {ledger, i});
            }
        }
        for (int from = 0; from < ledgerRows.size(); from += SLICE) {
            List<Object[]> slice = ledgerRows.subList(from, Math.min(ledgerRows.size(), from + SLICE));
            try (PreparedStatement ps = c.prepareStatement(Jdbc.multiRowInsert("INSERT INTO decision_ledger"
                    + " (ledger, decision_pk, student_id, school_id, township, as_of) VALUES ", 6, slice.size()))) {
                int k = 0;
                for (Object[] row : slice) {
                    Indexed i = (Indexed) row[1];
                    ps.setString(++k, (String) row[0]);
                    ps.setLong(++k, i.pk());
                    ps.setString(++k, i.r().studentId());
                    ps.setString(++k, i.r().schoolId());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.r().asOf());
                }
                ps.executeUpdate();
            }
        }
    }
}
