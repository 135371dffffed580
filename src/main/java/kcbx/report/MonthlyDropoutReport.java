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
    static final List<String> COLUMNS = List.of("序号", "学校", "姓名", "性别", "年级", "班级", "身份证号码", "辍学原因",
            "是否为建档立卡贫困家庭子女", "控辍保学措施");

    /** The fields of the form's header line, filled or left for hand-writing. */
    record Header(String school, LocalDate reportedOn, String filledBy, String phone) {
    }

    private final LedgerService ledgers;
    private final ReportSql sql;
    private final io.micronaut.transaction.TransactionOperations<java.sql.Connection> tx;

    MonthlyDropoutReport(LedgerService ledgers, ReportSql sql,
                         io.micronaut.transaction.TransactionOperations<java.sql.Connection> tx) {
        this.ledgers = ledgers;
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
            row.add(schoolName(d, r));
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
        String school = header.school() != null ? header.school() : scope.label();
        return new Table(TITLE, List.of("学校（盖章）：" + school,
                "报送时间：" + (header.reportedOn() == null ? "" : header.reportedOn().toString()),
                "填表人：" + (header.filledBy() == null ? "" : header.filledBy()),
                "联系电话：" + (header.phone() == null ? "" : header.phone())), COLUMNS, out,
                new int[] {5, 14, 9, 5, 8, 8, 20, 36, 12, 60});
    }

    /** The school as the school system named it in the request, else its id. */
    static String schoolName(StoredDecision d, LedgerRow r) {
        return d.request().get("student") instanceof Map<?, ?> student && student.get("schoolName") instanceof String name
                && !name.isBlank() ? name : r.getSchoolId();
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
