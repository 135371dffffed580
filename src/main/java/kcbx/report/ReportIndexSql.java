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
 * INSERTs ({@link Jdbc#insertRows}), since this runs while the chain head is locked.
 */
@Singleton
class ReportIndexSql implements DecisionIndex {
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
        Jdbc.insertRows(c, "INSERT INTO report_decision (decision_pk, student_id, school_id, township, as_of, standing)"
                + " VALUES ", 6, all, (ps, k, i) -> {
                    ps.setLong(++k, i.decisionPk());
                    ps.setString(++k, i.studentId());
                    ps.setString(++k, i.schoolKey());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.asOf());
                    ps.setString(++k, i.standing());
                    return k;
                });
        record LedgerRow(String ledger, ReportIndexRows of) {
        }
        List<LedgerRow> ledgerRows = new ArrayList<>();
        for (ReportIndexRows i : all) {
            for (String ledger : i.ledgers()) {
                ledgerRows.add(new LedgerRow(ledger, i));
            }
        }
        Jdbc.insertRows(c, "INSERT INTO decision_ledger (ledger, decision_pk, student_id, school_id, township, as_of)"
                + " VALUES ", 6, ledgerRows, (ps, k, row) -> {
                    ReportIndexRows i = row.of();
                    ps.setInt(++k, StoredCodes.LEDGERS.number(row.ledger()));
                    ps.setLong(++k, i.decisionPk());
                    ps.setString(++k, i.studentId());
                    ps.setString(++k, i.schoolKey());
                    ps.setString(++k, i.township());
                    ps.setObject(++k, i.asOf());
                    return k;
                });
    }
}
