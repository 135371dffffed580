package kcbx.report;

import io.micronaut.http.annotation.Controller;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.transaction.TransactionOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Optional;
import kcbx.api.StudentDecisionApi;
import kcbx.api.model.Decision;
import kcbx.store.DecisionStore;
import kcbx.security.SchoolScope;
import kcbx.system.Jdbc;
import kcbx.system.ProblemException;

/**
 * GET /v1/students/{studentId}/decision?schoolId=&asOf=: a student's latest decision, read as the
 * auditors' GET /v1/decisions/{id} reads it (only if the audit chain vouches for it), so county
 * staff, who reach no decision by id, can open one child's flags and actions from a ledger (the
 * console's 学生决策). A school system for its own schools, the county officer and auditors any.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class StudentDecisionController implements StudentDecisionApi {
    private final TransactionOperations<Connection> tx;
    private final DecisionStore store;
    private final SchoolScope scope;
    private final JsonMapper json;

    StudentDecisionController(TransactionOperations<Connection> tx, DecisionStore store, SchoolScope scope,
                              JsonMapper json) {
        this.tx = tx;
        this.store = store;
        this.scope = scope;
        this.json = json;
    }

    @Override
    public Decision getStudentDecision(String studentId, String schoolId, LocalDate asOf) {
        scope.requireReportScope(schoolId, null);
        String decisionId = latest(schoolId, studentId, asOf).orElseThrow(() -> ProblemException.notFound("decision"));
        String text = store.find(decisionId).orElseThrow(() -> ProblemException.notFound("decision")).decisionJson();
        try {
            return json.readValue(text, Decision.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public id of the (school, student)'s latest decision by asOf, then recording order. */
    private Optional<String> latest(String schoolId, String studentId, LocalDate asOf) {
        return ReportErrors.reading("The student's latest decision", () -> Jdbc.read(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.decision_id FROM report_decision r"
                    + " JOIN decision_record d ON d.id = r.decision_pk WHERE r.school_id = ? AND r.student_id = ?"
                    + (asOf == null ? "" : " AND r.as_of <= ?") + " ORDER BY r.as_of DESC, r.decision_pk DESC")) {
                ps.setString(1, schoolId);
                ps.setString(2, studentId);
                if (asOf != null) {
                    ps.setObject(3, asOf);
                }
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        }));
    }
}
