package kcbx.report;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kcbx.api.model.Ledger;
import kcbx.api.model.LedgerRow;

/**
 * 义务教育阶段学生辍学月报表, the attachment of the zhongyang document: the students on the dropout
 * ledger at the end of the month, in the form's columns and order.
 */
@Singleton
class MonthlyDropoutReport {
    static final String TITLE = "义务教育阶段学生辍学月报表";
    /** The document: 经中心校（学校）主要负责同志签字盖章后报送. */
    static final String SIGNATURE = "主要负责同志签字（盖章）：";
    static final String NONE = "无";
    static final List<String> COLUMNS = List.of("序号", "学校", "姓名", "性别", "年级", "班级", "身份证号码", "辍学原因",
            "是否为建档立卡贫困家庭子女", "控辍保学措施");

    /** The fields of the form's header line, filled or left for hand-writing. */
    record Header(String school, LocalDate reportedOn, String filledBy, String phone) {
    }

    private final LedgerService ledgers;
    private final ReportSql sql;
    private final io.micronaut.transaction.TransactionOperations<java.sql.Connection> tx;
    private final SchoolNames names;

    MonthlyDropoutReport(LedgerService ledgers, ReportSql sql,
                         io.micronaut.transaction.TransactionOperations<java.sql.Connection> tx, SchoolNames names) {
        this.ledgers = ledgers;
        this.names = names;
        this.sql = sql;
        this.tx = tx;
    }

    Table table(YearMonth month, Scope scope, Header header) {
        LocalDate end = month.atEndOfMonth();
        List<LedgerRow> rows = ledgers.onLedger(Ledger.DROPOUT_LEDGER, scope, end);
        Map<String, StoredDecision> latest = ReportErrors.reading("The monthly dropout report", () ->
                kcbx.system.Jdbc.read(tx, c -> {
                    Map<Long, StoredDecision> byPk = sql.decisionsById(c, rows.stream().map(LedgerRow::getDecisionId).toList());
                    return byPk.values().stream().collect(Collectors.toMap(d -> d.decisionText("decisionId"), d -> d));
                }));
        List<List<Object>> out = new ArrayList<>();
        int n = 1;
        for (LedgerRow r : rows) {
            StoredDecision d = latest.get(r.getDecisionId());
            List<Object> row = new ArrayList<>();
            row.add(n++);
            row.add(r.getSchoolName() != null ? r.getSchoolName() : r.getSchoolId());
            row.add(r.getName());
            row.add(Labels.gender(r.getGender() == null ? null : r.getGender().getValue()));
            row.add(Labels.grade(r.getGrade()));
            row.add(r.getClassName());
            row.add(r.getNationalId());
            row.add(String.join("；", r.getReasons()));
            row.add("REGISTERED_POOR".equals(d.poverty()) ? "是" : "否");
            row.add(measures(d, r));
            out.add(row);
        }
        return new Table(title(month), List.of("学校（盖章）：" + schoolLine(scope, header),
                "报送时间：" + (header.reportedOn() == null ? "" : Labels.date(header.reportedOn())),
                "填表人：" + (header.filledBy() == null ? "" : header.filledBy()),
                "联系电话：" + (header.phone() == null ? "" : header.phone())), COLUMNS, out,
                new int[] {5, 14, 9, 5, 8, 8, 20, 36, 12, 60}, List.of(SIGNATURE), NONE);
    }

    /** 义务教育阶段学生辍学月报表（2026年11月）: a month's report says which month. */
    static String title(YearMonth month) {
        return TITLE + "（" + month.getYear() + "年" + month.getMonthValue() + "月）";
    }

    /** The name given as a parameter, else the school's name from its decisions, else the township or 全县. */
    private String schoolLine(Scope scope, Header header) {
        if (header.school() != null && !header.school().isBlank()) {
            return header.school();
        }
        if (scope.schoolId() != null) {
            return names.of(scope.schoolId());
        }
        return scope.label();
    }

    /** 已采取: the interventions sent with the latest decision; 拟采取: its open actions. */
    static String measures(StoredDecision d, LedgerRow r) {
        String taken = d.interventions().stream().map(i -> i.get("date") + Labels.intervention(i.get("type").toString())
                + (i.get("outcome") == null ? "" : "（" + Labels.outcome(i.get("outcome").toString()) + "）"))
                .collect(Collectors.joining("；"));
        String planned = ReportTables.planned(r.getOpenActions());
        return "已采取：" + (taken.isEmpty() ? "无" : taken) + "\n拟采取：" + (planned.isEmpty() ? "无" : planned);
    }
}
