package kcbx.report;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;
import kcbx.audit.DecisionIndex;
import kcbx.audit.DecisionRecord;

/** Writes report_decision and decision_ledger (V6) for each decision, in the decision's transaction. */
@Singleton
class ReportIndexSql implements DecisionIndex {
    private final JsonMapper json;

    ReportIndexSql(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void index(Connection c, long decisionPk, DecisionRecord r) throws SQLException {
        StoredDecision d = StoredDecision.parse(json, decisionPk, r.requestJson(), r.decisionJson());
        String township = d.studentText("township");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_decision"
                + " (decision_pk, student_id, school_id, township, as_of, standing) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, decisionPk);
            ps.setString(2, r.studentId());
            ps.setString(3, r.schoolId());
            ps.setString(4, township);
            ps.setObject(5, r.asOf());
            ps.setString(6, d.standing());
            ps.executeUpdate();
        }
        TreeSet<String> ledgers = new TreeSet<>(d.ledgers());
        if (ledgers.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_ledger"
                + " (ledger, decision_pk, student_id, school_id, township, as_of) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String ledger : ledgers) {
                ps.setString(1, ledger);
                ps.setLong(2, decisionPk);
                ps.setString(3, r.studentId());
                ps.setString(4, r.schoolId());
                ps.setString(5, township);
                ps.setObject(6, r.asOf());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
