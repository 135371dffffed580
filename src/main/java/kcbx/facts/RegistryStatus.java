package kcbx.facts;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * 学籍状态. Also accepts the JY/T 1001 student-status codes (学生当前状态代码) a registry exports.
 * Only ENROLLED is on a school's roll; every other status is off it (the rules escalate attendance
 * only for a student on the roll, and a child in class whatever the registry says: school-roll.drl).
 * NOT_ENROLLED is not a registry code: it says the child has no 学籍 anywhere (未入学).
 */
public enum RegistryStatus {
    ENROLLED("在读"), TRANSFERRED_OUT("转出"), SUSPENDED("休学"), DROPPED_OUT("流失（辍学）"), GRADUATED("毕业"),
    /** 03 */ WITHDRAWN("退学"),
    /** 04 */ STOPPED("停学"),
    /** 08 */ COMPLETED_WITHOUT_DIPLOMA("结业"),
    /** 09 */ LEFT_UNFINISHED("肄业"),
    /** 11 */ DECEASED("死亡"),
    /** 12 */ ADMISSION_RESERVED("保留入学资格"),
    /** 13 */ ABROAD("出国（境）"),
    /** 14 */ EXPELLED("开除"),
    /** 15 */ WHEREABOUTS_UNKNOWN("下落不明"),
    /** 99: the school must say why (zhongyang 二(三): 对标注为其他离校的，要说明具体原因) */ OTHER("其他"),
    /** on no school registry anywhere */ NOT_ENROLLED("未入学（无学籍）");

    private final String label;

    RegistryStatus(String label) {
        this.label = label;
    }

    /** The status as a reason sentence says it, e.g. 流失（辍学）. */
    public String getLabel() { return label; }

    // JY/T 1001 学生当前状态代码: 01 在读, 02 休学, 03 退学, 04 停学, 05 复学 (back in school, so enrolled),
    // 06 流失, 07 毕业, 08 结业, 09 肄业, 10 转出, 11 死亡, 12 保留入学资格, 13 出国（境）, 14 开除, 15 下落不明, 99 其他.
    private static final Map<String, RegistryStatus> JYT_1001 = Map.ofEntries(
            Map.entry("01", ENROLLED), Map.entry("02", SUSPENDED), Map.entry("03", WITHDRAWN),
            Map.entry("04", STOPPED), Map.entry("05", ENROLLED), Map.entry("06", DROPPED_OUT),
            Map.entry("07", GRADUATED), Map.entry("08", COMPLETED_WITHOUT_DIPLOMA), Map.entry("09", LEFT_UNFINISHED),
            Map.entry("10", TRANSFERRED_OUT), Map.entry("11", DECEASED), Map.entry("12", ADMISSION_RESERVED),
            Map.entry("13", ABROAD), Map.entry("14", EXPELLED), Map.entry("15", WHEREABOUTS_UNKNOWN),
            Map.entry("99", OTHER));

    /** The codes and names a request may send, for the error message that lists them. */
    public static final String ACCEPTED = "ENROLLED, TRANSFERRED_OUT, SUSPENDED, DROPPED_OUT, GRADUATED, WITHDRAWN,"
            + " STOPPED, COMPLETED_WITHOUT_DIPLOMA, LEFT_UNFINISHED, DECEASED, ADMISSION_RESERVED, ABROAD, EXPELLED,"
            + " WHEREABOUTS_UNKNOWN, OTHER, NOT_ENROLLED or a JY/T 1001 code (01-15, 99)";

    /** Parses a name or a JY/T 1001 code; empty when the value is neither. */
    public static Optional<RegistryStatus> parse(String value) {
        String v = value.trim();
        if (JYT_1001.containsKey(v)) {
            return Optional.of(JYT_1001.get(v));
        }
        try {
            return Optional.of(valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
