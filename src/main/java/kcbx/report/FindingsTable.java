package kcbx.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kcbx.api.model.Action;
import kcbx.api.model.Finding;
import kcbx.api.model.RowRef;

/**
 * A reconciliation's findings as the table a township is handed (四查三比对发现清单), written as
 * CSV or XLSX by the same code as the ledgers, so it gets the same formula neutralising and the
 * same A4 landscape print setup. National IDs are given already shown as the caller may see them.
 */
public final class FindingsTable {
    public static final List<String> COLUMNS = List.of("序号", "发现", "身份证号码", "出生日期", "乡镇", "村", "学校",
            "所在名单（行）", "原因", "措施（责任方、期限）", "监测群体", "台账", "规则", "依据");
    private static final int[] WIDTHS = {5, 14, 20, 11, 10, 10, 12, 18, 30, 30, 12, 14, 18, 16};
    private static final Map<String, String> CODES = Map.of(
            "OUT_OF_SCHOOL", "疑似失学",
            "REGISTERED_NOT_ATTENDING", "有学籍未在校",
            "ATTENDING_NOT_REGISTERED", "在校无学籍",
            "ENROLLMENT_AGE_REACHED", "适龄待入学",
            "INVALID_NATIONAL_ID", "身份证号码无效",
            "DUPLICATE_NATIONAL_ID", "身份证号码重复",
            "NATIONAL_ID_MISMATCH", "身份证号码与出生日期或性别不符");
    private static final Map<String, String> LISTS = Map.of(
            "householdRegistry", "户籍",
            "schoolRegistry", "学籍",
            "inSchool", "在校",
            "povertyRegister", "脱贫户");

    /** What the header line says about the reconciliation. */
    public record Header(String reconciliationId, String profileName, LocalDate asOf, String township, long findings) {
    }

    private FindingsTable() {
    }

    public static byte[] csv(Header header, List<Finding> findings) {
        return TableFiles.csv(table(header, findings));
    }

    public static byte[] xlsx(Header header, List<Finding> findings) {
        return TableFiles.xlsx(table(header, findings));
    }

    static Table table(Header h, List<Finding> findings) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1;
        for (Finding f : findings) {
            List<Object> row = new ArrayList<>();
            row.add(n++);
            row.add(CODES.getOrDefault(f.getCode().getValue(), f.getCode().getValue()));
            row.add(f.getNationalId());
            row.add(f.getBirthDate() == null ? "" : f.getBirthDate().toString());
            row.add(f.getTownship());
            row.add(f.getVillage());
            row.add(f.getSchoolId());
            row.add(rows(f.getRows()));
            row.add(f.getReason());
            row.add(actions(f.getActions()));
            row.add(String.join("、", f.getMonitoringGroups().stream().map(g -> g.getValue()).toList()));
            row.add(String.join("、", f.getLedgers().stream()
                    .map(l -> ReportTables.LEDGER_NAMES.getOrDefault(l.getValue(), l.getValue())).toList()));
            row.add(f.getRuleId());
            row.add(f.getCitation());
            rows.add(row);
        }
        return new Table("四查三比对发现清单", List.of("县区：" + h.profileName(), "截至：" + h.asOf(),
                "范围：" + (h.township() == null ? "全县" : h.township()), "发现：" + h.findings() + "条",
                "比对编号：" + h.reconciliationId()), COLUMNS, rows, WIDTHS, List.of(), "无");
    }

    private static String rows(List<RowRef> refs) {
        List<String> out = new ArrayList<>();
        for (RowRef r : refs) {
            String list = LISTS.getOrDefault(r.getList().getValue(), r.getList().getValue());
            out.add(list + " 第" + (r.getIndex() + 1) + "行" + (r.getRef() == null ? "" : "（" + r.getRef() + "）"));
        }
        return String.join("\n", out);
    }

    private static String actions(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            out.add(Labels.action(a.getCode().getValue()) + "（" + Labels.role(a.getResponsible().getValue())
                    + (a.getDueDate() == null ? "" : "，" + a.getDueDate()) + "）");
        }
        return String.join("\n", out);
    }
}
