package kcbx.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kcbx.api.model.ActionCode;
import kcbx.api.model.Gender;
import kcbx.api.model.Ledger;
import kcbx.api.model.LedgerAction;
import kcbx.api.model.LedgerReport;
import kcbx.api.model.LedgerRow;
import kcbx.api.model.LedgerRowLeftReason;
import kcbx.api.model.Role;
import kcbx.system.Jdbc;

/**
 * A ledger as of a date from the stored decisions: each student's (school and student id, never
 * the id alone: another school's child may have the same id) latest decision up to then says
 * whether the student is on it; the stretch of decisions that listed it says since when and why;
 * the first decision after the stretch says when and why the student left (动态销号).
 */
@Singleton
class LedgerService {
    /** The flag whose reason explains a ledger; ledgers without one explain by monitoring groups or not at all. */
    private static final Map<String, String> LEDGER_FLAG = Map.of(
            "SUSPECTED_DROPOUT_LEDGER", "SUSPECTED_DROPOUT",
            "DROPOUT_LEDGER", "DROPOUT",
            "OUT_OF_SCHOOL_LEDGER", "OUT_OF_SCHOOL");

    private final ReportSql sql;
    private final TransactionOperations<Connection> tx;
    private final SchoolNames names;

    LedgerService(ReportSql sql, TransactionOperations<Connection> tx, SchoolNames names) {
        this.sql = sql;
        this.tx = tx;
        this.names = names;
    }

    LedgerReport ledger(Ledger ledger, Scope scope, LocalDate asOf) {
        return ReportErrors.reading("Ledger " + ledger.getValue(), () -> Jdbc.read(tx, c -> {
            List<ReportSql.StudentKey> students = sql.everOnLedger(c, ledger.getValue(), scope, asOf);
            Map<ReportSql.StudentKey, List<ReportSql.Step>> histories = sql.histories(c, ledger.getValue(), students, asOf);
            List<Stretch> stretches = new ArrayList<>();
            Set<Long> wanted = new HashSet<>();
            for (ReportSql.StudentKey student : students) {
                Stretch s = Stretch.of(student, histories.getOrDefault(student, List.of()));
                if (s != null) {
                    stretches.add(s);
                    wanted.add(s.latest.pk());
                    wanted.add(s.lastOn.pk());
                }
            }
            Map<Long, StoredDecision> decisions = sql.decisions(c, wanted);
            List<LedgerRow> on = new ArrayList<>();
            List<LedgerRow> left = new ArrayList<>();
            for (Stretch s : stretches) {
                LedgerRow row = row(ledger.getValue(), s, decisions.get(s.latest.pk()), decisions.get(s.lastOn.pk()), asOf);
                (s.onLedger() ? on : left).add(row);
            }
            List<LedgerRow> all = new ArrayList<>(on);
            all.addAll(left);
            named(all);
            return new LedgerReport(ledger, asOf, on.size(), left.size(), all)
                    .schoolId(scope.schoolId()).township(scope.township());
        }));
    }

    /** The open entries only, for reports that list who is on a ledger at a date. */
    List<LedgerRow> onLedger(Ledger ledger, Scope scope, LocalDate asOf) {
        return ledger(ledger, scope, asOf).getEntries().stream().filter(LedgerRow::getOnLedger).toList();
    }

    /** Each row's school name: the one its school system gave with this decision, else its latest one. */
    private void named(List<LedgerRow> rows) {
        Set<String> unnamed = new java.util.TreeSet<>();
        for (LedgerRow r : rows) {
            if (r.getSchoolName() == null && r.getSchoolId() != null) {
                unnamed.add(r.getSchoolId());
            }
        }
        if (unnamed.isEmpty()) {
            return;
        }
        Map<String, String> found = names.of(unnamed);
        for (LedgerRow r : rows) {
            String name = r.getSchoolName() == null && r.getSchoolId() != null ? found.get(r.getSchoolId()) : null;
            if (name != null && !name.equals(r.getSchoolId())) {
                r.schoolName(name);
            }
        }
    }

    private static LedgerRow row(String ledger, Stretch s, StoredDecision latest, StoredDecision lastOn, LocalDate asOf) {
        LocalDate since = since(ledger, s, lastOn);
        LedgerRow row = new LedgerRow(s.student.studentId(), s.onLedger(), since, reasons(ledger, lastOn),
                s.onLedger() ? openActions(latest, since, asOf) : List.of(), latest.decisionText("decisionId"),
                s.latest.asOf());
        String schoolName = latest.studentText("schoolName");
        row.schoolName(schoolName == null || schoolName.isBlank() ? null : schoolName.strip());
        row.name(latest.studentText("name"))
                .nationalId(latest.studentText("nationalId"))
                .schoolId(latest.decisionText("schoolId"))
                .township(latest.studentText("township"))
                .grade(latest.grade())
                .className(latest.studentText("className"));
        String gender = latest.studentText("gender");
        row.gender(gender == null ? null : Gender.fromValue(gender));
        if (!s.onLedger()) {
            row.leftOn(s.leftOn);
            LedgerRowLeftReason reason = leftReason(latest);
            row.leftReason(reason).leftReasonText(leftText(reason));
        }
        return row;
    }

    /** The first day of the stretch, or the ledger flag's own since when it began earlier. */
    private static LocalDate since(String ledger, Stretch s, StoredDecision lastOn) {
        LocalDate since = s.since;
        String flag = LEDGER_FLAG.get(ledger);
        for (Map<String, Object> f : lastOn.flags()) {
            if (f.get("code").equals(flag) && f.get("since") != null) {
                LocalDate flagSince = LocalDate.parse(f.get("since").toString());
                since = flagSince.isBefore(since) ? flagSince : since;
            }
        }
        return since;
    }

    private static List<String> reasons(String ledger, StoredDecision lastOn) {
        if ("SPECIAL_GROUP_LEDGER".equals(ledger)) {
            return lastOn.monitoringGroups();
        }
        String flag = LEDGER_FLAG.get(ledger);
        return lastOn.flags().stream().filter(f -> flag == null || f.get("code").equals(flag))
                .map(f -> f.get("reason").toString()).toList();
    }

    /** The latest decision's actions, each marked overdue or discharged as of asOf ({@link Overdue}). */
    static List<LedgerAction> openActions(StoredDecision d, LocalDate since, LocalDate asOf) {
        return d.actions().stream().map(a -> Overdue.mark(new LedgerAction(ActionCode.fromValue(a.get("code").toString()),
                        Role.fromValue(a.get("responsible").toString()), LocalDate.parse(a.get("dueDate").toString()))
                        .reason(a.get("reason") == null ? null : a.get("reason").toString()), d.interventions(), since, asOf))
                .toList();
    }

    /** Why the student is no longer on the ledger, read from the latest decision. */
    static LedgerRowLeftReason leftReason(StoredDecision latest) {
        Set<String> flags = latest.flagCodes();
        String status = latest.studentText("registryStatus");
        if (flags.contains("RETURN_FOLLOW_UP") || latest.studentText("returnedOn") != null) {
            return LedgerRowLeftReason.RETURNED;
        }
        if (flags.contains("STUDYING_ELSEWHERE") || "true".equals(latest.studentText("studyingElsewhereConfirmed"))) {
            return LedgerRowLeftReason.STUDYING_ELSEWHERE;
        }
        if ("TRANSFERRED_OUT".equals(status) || "10".equals(status)) {
            return LedgerRowLeftReason.TRANSFERRED;
        }
        if (flags.contains("DROPOUT")) {
            return LedgerRowLeftReason.DROPPED_OUT;
        }
        return LedgerRowLeftReason.NO_LONGER_MET;
    }

    static String leftText(LedgerRowLeftReason reason) {
        return switch (reason) {
            case RETURNED -> "已返校复学";
            case STUDYING_ELSEWHERE -> "核实在外地就读";
            case TRANSFERRED -> "已转出";
            case DROPPED_OUT -> "已辍学";
            case NO_LONGER_MET -> "不再符合列入条件";
        };
    }

    /** A student's latest stretch on the ledger within the history, or null if none. */
    private record Stretch(ReportSql.StudentKey student, ReportSql.Step latest, ReportSql.Step lastOn, LocalDate since,
                           LocalDate leftOn) {
        boolean onLedger() {
            return leftOn == null;
        }

        static Stretch of(ReportSql.StudentKey student, List<ReportSql.Step> history) {
            int last = -1;
            for (int i = history.size() - 1; i >= 0; i--) {
                if (history.get(i).onLedger()) {
                    last = i;
                    break;
                }
            }
            if (last < 0) {
                return null;
            }
            int first = last;
            while (first > 0 && history.get(first - 1).onLedger()) {
                first--;
            }
            ReportSql.Step latest = history.get(history.size() - 1);
            LocalDate leftOn = last == history.size() - 1 ? null : history.get(last + 1).asOf();
            return new Stretch(student, latest, history.get(last), history.get(first).asOf(), leftOn);
        }
    }
}
