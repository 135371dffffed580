package kcbx.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kcbx.api.model.LedgerAction;
import kcbx.api.model.LedgerRowLeftReason;
import kcbx.api.model.StudentTimeline;
import kcbx.api.model.TimelineEntry;
import kcbx.api.model.TimelineLedgerLeft;
import kcbx.system.Jdbc;

/**
 * 一生一档: one student's decisions (that school's, for that id: another school's child with the
 * same id is another student), oldest first, each compared with the one before it, so a case's
 * follow-up reads as what happened when and why.
 */
@Singleton
class StudentTimelineService {
    private final ReportSql sql;
    private final TransactionOperations<Connection> tx;

    StudentTimelineService(ReportSql sql, TransactionOperations<Connection> tx) {
        this.sql = sql;
        this.tx = tx;
    }

    StudentTimeline timeline(String schoolId, String studentId) {
        List<StoredDecision> decisions = ReportErrors.reading("The student's timeline", () -> Jdbc.read(tx, c -> {
            List<Long> pks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.decision_pk FROM report_decision r"
                    + " WHERE r.school_id = ? AND r.student_id = ? ORDER BY r.as_of, r.decision_pk")) {
                ps.setString(1, schoolId);
                ps.setString(2, studentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pks.add(rs.getLong(1));
                    }
                }
            }
            Map<Long, StoredDecision> byPk = sql.decisions(c, pks);
            return pks.stream().map(byPk::get).toList();
        }));
        List<TimelineEntry> entries = new ArrayList<>();
        StoredDecision previous = null;
        // the day the student came onto any ledger of the current stretch: interventions since then count
        LocalDate onLedgersSince = null;
        for (StoredDecision d : decisions) {
            LocalDate asOf = LocalDate.parse(d.decisionText("asOf"));
            Set<String> flags = new LinkedHashSet<>(d.flags().stream().map(f -> f.get("code").toString()).toList());
            Set<String> before = previous == null ? Set.of() : previous.flagCodes();
            List<String> ledgers = d.ledgers();
            List<String> ledgersBefore = previous == null ? List.of() : previous.ledgers();
            boolean supervised = ledgers.stream().anyMatch(l -> !l.equals("ENROLLED_ROSTER"));
            onLedgersSince = !supervised ? null : onLedgersSince == null ? asOf : onLedgersSince;
            LocalDate since = onLedgersSince == null ? asOf : onLedgersSince;
            List<LedgerAction> actions = LedgerService.openActions(d, since, asOf);
            Set<String> codesBefore = previous == null ? Set.of() : new LinkedHashSet<>(previous.actions().stream()
                    .map(a -> a.get("code").toString()).toList());
            Set<String> codes = new LinkedHashSet<>(actions.stream().map(a -> a.getCode().getValue()).toList());
            LedgerRowLeftReason why = LedgerService.leftReason(d);
            TimelineEntry e = new TimelineEntry(d.decisionText("decisionId"), asOf, List.copyOf(flags),
                    flags.stream().filter(f -> !before.contains(f)).toList(),
                    before.stream().filter(f -> !flags.contains(f)).sorted().toList(),
                    actions.stream().filter(a -> !codesBefore.contains(a.getCode().getValue())).toList(),
                    codesBefore.stream().filter(c -> !codes.contains(c)).toList(),
                    actions.stream().filter(a -> Boolean.TRUE.equals(a.getOverdue())).toList(),
                    d.interventions().stream().map(StudentTimelineService::intervention).toList(),
                    ledgers.stream().filter(l -> !ledgersBefore.contains(l)).toList(),
                    ledgersBefore.stream().filter(l -> !ledgers.contains(l))
                            .map(l -> new TimelineLedgerLeft(l, why, LedgerService.leftText(why))).toList());
            e.riskLevel(d.decisionText("riskLevel"));
            entries.add(e);
            previous = d;
        }
        StudentTimeline t = new StudentTimeline(schoolId, studentId, entries);
        if (previous != null) {
            t.name(previous.studentText("name"));
        }
        return t;
    }

    private static String intervention(Map<String, Object> i) {
        Object outcome = i.get("outcome");
        return i.get("date") + Labels.intervention(String.valueOf(i.get("type")))
                + (outcome == null ? "" : "（" + Labels.outcome(outcome.toString()) + "）");
    }
}
