package kcbx.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kcbx.api.model.Ledger;
import kcbx.api.model.LedgerAction;
import kcbx.api.model.LedgerRow;
import kcbx.api.model.SupervisionItem;
import kcbx.api.model.SupervisionList;
import kcbx.system.Jdbc;

/**
 * 督办清单: the overdue actions ({@link Overdue}) of the students on the ledgers a county supervises
 * (suspected dropout, dropout, out of school, special groups), read from the same ledgers the
 * schools hand in, so the list and the ledgers never disagree. A student on two ledgers is listed
 * once per action, naming both ledgers.
 */
@Singleton
class SupervisionService {
    static final List<Ledger> SUPERVISED = List.of(Ledger.SUSPECTED_DROPOUT_LEDGER, Ledger.DROPOUT_LEDGER,
            Ledger.OUT_OF_SCHOOL_LEDGER, Ledger.SPECIAL_GROUP_LEDGER);
    private static final String[] QUARTERS = {"一", "二", "三", "四"};

    private final LedgerService ledgers;
    private final ReportSql sql;
    private final TransactionOperations<Connection> tx;

    SupervisionService(LedgerService ledgers, ReportSql sql, TransactionOperations<Connection> tx) {
        this.ledgers = ledgers;
        this.sql = sql;
        this.tx = tx;
    }

    SupervisionList list(Scope scope, LocalDate asOf, String profile) {
        // one entry per (school, student): the rows of its ledgers, the earliest-entered first, since
        // an intervention recorded any time since the student came onto a supervised ledger counts
        Map<List<String>, List<LedgerRow>> students = new LinkedHashMap<>();
        Map<List<String>, List<Ledger>> onLedgers = new LinkedHashMap<>();
        for (Ledger ledger : SUPERVISED) {
            for (LedgerRow r : ledgers.onLedger(ledger, scope, asOf)) {
                List<String> key = java.util.Arrays.asList(r.getSchoolId(), r.getStudentId());
                students.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                onLedgers.computeIfAbsent(key, k -> new ArrayList<>()).add(ledger);
            }
        }
        Map<String, String> profiles = profile == null ? Map.of() : profiles(students.values().stream()
                .map(rows -> rows.get(0).getDecisionId()).toList());
        List<SupervisionItem> items = new ArrayList<>();
        students.forEach((key, rows) -> {
            LedgerRow first = rows.stream().min(Comparator.comparing(LedgerRow::getSince)).orElseThrow();
            if (profile != null && !profile.equals(profiles.get(first.getDecisionId()))) {
                return;
            }
            for (LedgerAction a : first.getOpenActions()) {
                if (Boolean.TRUE.equals(a.getOverdue())) {
                    items.add(new SupervisionItem(first.getSchoolId(), first.getStudentId(), onLedgers.get(key), a.getCode(),
                            a.getResponsible(), a.getDueDate(), a.getOverdueDays(), first.getDecisionId())
                            .schoolName(first.getSchoolName()).township(first.getTownship()).name(first.getName())
                            .reason(a.getReason()));
                }
            }
        });
        items.sort(Comparator.comparing((SupervisionItem i) -> i.getResponsible().ordinal())
                .thenComparing(SupervisionItem::getDueDate)
                .thenComparing(i -> i.getSchoolId() == null ? "" : i.getSchoolId())
                .thenComparing(SupervisionItem::getStudentId)
                .thenComparing(i -> i.getCode().getValue()));
        return new SupervisionList(asOf, quarter(asOf), items).schoolId(scope.schoolId()).township(scope.township())
                .profile(profile);
    }

    /** The profile each decision was made under. */
    private Map<String, String> profiles(List<String> decisionIds) {
        return ReportErrors.reading("The supervision list", () -> Jdbc.read(tx, c -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (StoredDecision d : sql.decisionsById(c, decisionIds).values()) {
                out.put(d.decisionText("decisionId"), d.decisionText("profile"));
            }
            return out;
        }));
    }

    /** 2026年第四季度. */
    static String quarter(LocalDate d) {
        return d.getYear() + "年第" + QUARTERS[(d.getMonthValue() - 1) / 3] + "季度";
    }
}
