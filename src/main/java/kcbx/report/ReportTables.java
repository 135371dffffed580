package kcbx.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kcbx.api.model.LedgerAction;
import kcbx.api.model.LedgerReport;
import kcbx.api.model.LedgerRow;
import kcbx.api.model.SupervisionItem;
import kcbx.api.model.SupervisionList;
import kcbx.api.model.TermSummary;
import kcbx.api.model.TermSummaryRow;

/** Ledgers and the term summary as printed tables, in the words of the forms. */
final class ReportTables {
    static final Map<String, String> LEDGER_NAMES = Map.of(
            "ENROLLED_ROSTER", "在校学生名册",
            "SUSPECTED_DROPOUT_LEDGER", "疑似辍学学生台账",
            "DROPOUT_LEDGER", "辍学学生台账",
            "SPECIAL_GROUP_LEDGER", "特殊群体儿童台账",
            "OUT_OF_SCHOOL_LEDGER", "疑似失学儿童核查劝返台账");
    static final List<String> LEDGER_COLUMNS = List.of("序号", "学生编号", "姓名", "性别", "学校", "乡镇", "年级", "班级",
            "身份证号码", "状态", "列入日期", "列入原因", "待办措施（责任方、期限）", "逾期", "销号日期", "销号原因");
    static final List<String> SUPERVISION_COLUMNS = List.of("序号", "责任方", "督办措施", "完成期限", "逾期天数", "学校", "乡镇",
            "学生编号", "姓名", "所在台账", "措施依据");
    static final List<String> TERM_COLUMNS = List.of("学校", "在校", "辍学", "失学", "异动", "合计");

    private ReportTables() {
    }

    static Table ledger(LedgerReport report) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1;
        for (LedgerRow r : report.getEntries()) {
            List<Object> row = new ArrayList<>();
            row.add(n++);
            row.add(r.getStudentId());
            row.add(r.getName());
            row.add(Labels.gender(r.getGender() == null ? null : r.getGender().getValue()));
            row.add(r.getSchoolName() != null ? r.getSchoolName() : r.getSchoolId());
            row.add(r.getTownship());
            row.add(Labels.grade(r.getGrade()));
            row.add(r.getClassName());
            row.add(r.getNationalId());
            row.add(r.getOnLedger() ? "在册" : "已销号");
            row.add(r.getSince().toString());
            row.add(String.join("；", r.getReasons()));
            row.add(planned(r.getOpenActions()));
            row.add(Overdue.text(r.getOpenActions()));
            row.add(r.getLeftOn() == null ? "" : r.getLeftOn().toString());
            row.add(r.getLeftReasonText());
            rows.add(row);
        }
        String name = LEDGER_NAMES.getOrDefault(report.getLedger().getValue(), report.getLedger().getValue());
        String scope = report.getSchoolId() != null ? schoolOf(report) : report.getTownship() != null
                ? report.getTownship() : "全县";
        return new Table(name, List.of("范围：" + scope, "截至：" + report.getAsOf(),
                "在册：" + report.getOnLedger() + "人", "已销号：" + report.getLeft() + "人"), LEDGER_COLUMNS, rows,
                new int[] {5, 10, 8, 5, 14, 10, 7, 7, 20, 7, 11, 34, 44, 9, 11, 12});
    }

    /**
     * 督办清单 as the county's quarterly review prints it (县区一季度一复核, helan 一(二)): each
     * overdue action, who must act and by when, with room for the reviewer's signature.
     */
    static Table supervision(SupervisionList s) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1;
        for (SupervisionItem i : s.getOverdue()) {
            rows.add(java.util.Arrays.asList(n++, Labels.role(i.getResponsible().getValue()), Labels.action(i.getCode().getValue()),
                    i.getDueDate().toString(), i.getOverdueDays(), i.getSchoolName() != null ? i.getSchoolName() : i.getSchoolId(),
                    i.getTownship(), i.getStudentId(), i.getName(),
                    i.getLedgers().stream().map(l -> LEDGER_NAMES.getOrDefault(l.getValue(), l.getValue()))
                            .collect(Collectors.joining("、")), i.getReason()));
        }
        String scope = s.getSchoolId() != null ? s.getOverdue().stream().map(SupervisionItem::getSchoolName)
                .filter(x -> x != null).findFirst().orElse(s.getSchoolId())
                : s.getTownship() != null ? s.getTownship() : "全县";
        return new Table("控辍保学督办清单（" + s.getQuarter() + "复核）", List.of("范围：" + scope,
                "截至：" + Labels.date(s.getAsOf()), "逾期措施：" + s.getOverdue().size() + "项"), SUPERVISION_COLUMNS, rows,
                new int[] {5, 10, 22, 11, 8, 18, 10, 10, 8, 18, 40}, List.of("复核人（签字）：", "复核日期："), "无");
    }

    /** A school ledger's 范围: the school's name from its rows, else its id. */
    private static String schoolOf(LedgerReport report) {
        return report.getEntries().stream().map(LedgerRow::getSchoolName).filter(n -> n != null).findFirst()
                .orElse(report.getSchoolId());
    }

    /** Open actions in Chinese: 措施（责任方，某日前，逾期N天）; actions a recorded intervention discharged are done, not planned. */
    static String planned(List<LedgerAction> actions) {
        return actions.stream().filter(a -> a.getDischargedOn() == null)
                .map(a -> Labels.action(a.getCode().getValue()) + "（" + Labels.role(a.getResponsible().getValue())
                        + "，" + a.getDueDate() + "前" + (Boolean.TRUE.equals(a.getOverdue()) ? "，逾期" + a.getOverdueDays() + "天" : "")
                        + "）").collect(Collectors.joining("；"));
    }

    static Table termSummary(TermSummary s) {
        List<List<Object>> rows = new ArrayList<>();
        for (TermSummaryRow r : s.getSchools()) {
            rows.add(termRow(r));
        }
        rows.add(termRow(s.getTotal()));
        String scope = s.getSchoolId() != null ? s.getSchools().stream().map(TermSummaryRow::getSchoolName)
                .filter(n -> n != null).findFirst().orElse(s.getSchoolId())
                : s.getTownship() != null ? s.getTownship() : "全县";
        return new Table("控辍保学工作学期总结（" + s.getTerm() + "）", List.of("范围：" + scope,
                "学期：" + Labels.date(s.getTermStart()) + "至" + Labels.date(s.getTermEnd()),
                "规则配置：" + (s.getProfileName() != null ? s.getProfileName() : s.getProfile())), TERM_COLUMNS, rows,
                new int[] {40, 14, 14, 14, 14, 14});
    }

    private static List<Object> termRow(TermSummaryRow r) {
        return List.of(r.getSchoolName() != null ? r.getSchoolName() : r.getSchoolId(), r.getInSchool(), r.getDroppedOut(), r.getOutOfSchool(), r.getMoved(), r.getStudents());
    }

    static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }
}
