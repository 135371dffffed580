package kcbx.report;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import kcbx.store.StoredCodes;
import kcbx.store.DecisionIndex;
import kcbx.store.DecisionRecord;
import kcbx.store.PreparedDecision;
import kcbx.system.Jdbc;

/**
 * Writes report_decision and decision_ledger (V6, keyed by school and student since V9) for each
 * decision, in the decision's transaction, as {@link ReportIndexRows#of} computes them from the prepared decision (nothing parsed). A group of decisions (group commit, batch chunks) is written with multi-row
 * INSERTs, a slice at a time, since this runs while the chain head is locked.
 */
@Singleton
class ReportIndexSql implements DecisionIndex {
    /** Rows per multi-row INSERT. */
    private static final int SLICE = 200;

    @Override
    public void indexAll(Connection c, List<Indexed> decisions) throws SQLException {
        List<ReportIndexRows> all = new ArrayList<>(decisions.size());
        for (Indexed i : decisions) {
            PreparedDecision d = i.decision();
            all.add(ReportIndexRows.of(i.pk(), d.schoolId(), d.studentId(), d.asOf(), d.index()));
        }
        write(c, all);
    }

    /** Indexes decisions stored before the index existed (the backfill), from their stored JSON. */
    void indexStored(Connection c, List<DecisionRecord> rows) throws SQLException {
        List<ReportIndexRows> all = new ArrayList<>(rows.size());
        for (DecisionRecord r : rows) {
            all.add(ReportIndexRows.of(r.id(), r));
        }
        write(c, all);
    }

    private static void write(Connection c, List<ReportIndexRows> all) throws SQLException {
        for (int from = 0; from < all.size(); from += SLICE) {
            List<ReportIndexRows> slice = all.subList(from, Math.min(all.size(), from + SLICE));
            try (PreparedStatement ps = c.prepareStatement(Jdbc.multiRowInsert("INSERT INTO report_decision"
                    + " (decision_pk, student_id, school_id, township, as_of, standing) VALUES ", 6, slice.size()))) {
                int k = 0;
                for (ReportIndexRows i : slice) {
                    ps.setLong(++k, i.decisionPk());
                    ps.setString(++k, i.studentId());
                    ps.setString(++k, i.schoolKey());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.asOf());
                    ps.setString(++k, i.standing());
                }
                ps.executeUpdate();
            }
        }
        List<Object[]> ledgerRows = new ArrayList<>();
        for (ReportIndexRows i : all) {
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
                    ReportIndexRows i = (ReportIndexRows) row[1];
                    ps.setInt(++k, StoredCodes.LEDGERS.number((String) row[0]));
                    ps.setLong(++k, i.decisionPk());
                    ps.setString(++k, i.studentId());
                    ps.setString(++k, i.schoolKey());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.asOf());
                }
                ps.executeUpdate();
            }
        }
    }
}
