package kcbx.report;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.store.StoredCodes;
import kcbx.store.DecisionRecord;
import kcbx.store.DerivedRows;
import kcbx.store.IndexFacts;
import kcbx.system.Jdbc;

/**
 * The report index (report_decision, decision_ledger) as derived rows for verify: what
 * {@link ReportIndexSql} writes for a decision, computed by the same {@link ReportIndexRows#of},
 * against what the tables hold. The two tables are one index: a decision's rows in both are
 * compared together, report row first.
 */
@Singleton
class ReportIndexCheck implements DerivedRows {

    @Override
    public String name() {
        return "report_decision/decision_ledger";
    }

    @Override
    public List<String> expected(long decisionPk, DecisionRecord r, IndexFacts facts) {
        ReportIndexRows i = ReportIndexRows.of(decisionPk, r.schoolId(), r.studentId(), r.asOf(), facts);
        List<String> out = new ArrayList<>();
        out.add(DerivedRows.row("report", decisionPk, i.studentId(), i.schoolKey(), i.township(), i.asOf(), i.standing()));
        for (String ledger : i.ledgers()) {
            out.add(DerivedRows.row("ledger", ledger, decisionPk, i.studentId(), i.schoolKey(), i.township(), i.asOf()));
        }
        return out;
    }

    @Override
    public Map<Long, List<String>> stored(Connection c, Collection<Long> decisionPks) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        if (decisionPks.isEmpty()) {
            return out;
        }
        List<Long> pks = List.copyOf(decisionPks);
        String in = " WHERE decision_pk IN (" + Jdbc.marks(pks.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement("SELECT decision_pk, student_id, school_id, township, as_of,"
                + " standing FROM report_decision" + in + " ORDER BY decision_pk")) {
            bind(ps, pks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(DerivedRows.row("report",
                            rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, LocalDate.class), rs.getString(6)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ledger, decision_pk, student_id, school_id, township,"
                + " as_of FROM decision_ledger" + DerivedRows.keyedByCode("ledger", StoredCodes.LEDGERS, pks.size())
                + " ORDER BY decision_pk, ledger")) {
            DerivedRows.bindKeyed(ps, StoredCodes.LEDGERS, pks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(DerivedRows.row("ledger",
                            StoredCodes.LEDGERS.name(rs.getInt(1)), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, LocalDate.class)));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<Long> pks) throws SQLException {
        for (int i = 0; i < pks.size(); i++) {
            ps.setLong(i + 1, pks.get(i));
        }
    }

    @Override
    public Optional<Long> firstStray(Connection c) throws SQLException {
        Optional<Long> report = DerivedRows.firstStray(c, "report_decision");
        return report.isPresent() ? report : DerivedRows.firstStray(c, "decision_ledger");
    }

    @Override
    public Optional<Long> firstUnknownCode(Connection c) throws SQLException {
        return DerivedRows.firstOutsideCodes(c, "decision_ledger", "ledger", StoredCodes.LEDGERS);
    }
}
