package kcbx.report;

import java.util.Map;

/** The Chinese a school form uses for the service's codes. An unknown code is shown as itself. */
final class Labels {
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("CONTACT_FAMILY", "家校联系"),
            Map.entry("VERIFY_AND_REGISTER", "核实情况并登记造册"),
            Map.entry("NOTIFY_TOWNSHIP", "报告乡镇"),
            Map.entry("TOWNSHIP_HOME_VERIFICATION", "乡镇入户核查"),
            Map.entry("JOINT_HOME_PERSUASION", "学校、乡镇、村联合入户劝返"),
            Map.entry("RECORD_PERSUASION", "填写劝返记录"),
            Map.entry("WRITTEN_REPORT", "书面报告乡镇政府和教育局"),
            Map.entry("ORDER_GUARDIAN_CORRECTION", "责令监护人限期改正"),
            Map.entry("ISSUE_LEGAL_DOCUMENT", "发放司法文书"),
            Map.entry("CREATE_RETURN_FILE", "建立复学学生档案"),
            Map.entry("ASSIGN_MENTOR", "教师结对帮扶"),
            Map.entry("MONTHLY_HOME_VISIT", "每月家访"),
            Map.entry("HOME_TEACHING_VISIT", "送教上门"),
            Map.entry("INDIVIDUAL_PLAN", "一人一案"),
            Map.entry("DISABILITY_ASSESSMENT", "残疾评估与安置"),
            Map.entry("FINANCIAL_AID_CHECK", "落实资助政策"),
            Map.entry("BOARDING_PRIORITY", "优先安排寄宿"),
            Map.entry("GUARDIANSHIP_REFERRAL", "转介民政落实监护"),
            Map.entry("HUKOU_REFERRAL", "督促落户"),
            Map.entry("URGE_TRANSFER", "督促办理转学手续"),
            Map.entry("ENROLLMENT_NOTICE", "发放入学通知书"),
            Map.entry("OUT_OF_SCHOOL_PERSUASION", "失学儿童劝返入学"),
            Map.entry("DELAYED_ENROLLMENT_PROCEDURE", "办理延缓入学"),
            Map.entry("EMPLOYMENT_REFERRAL", "转介人社查处违法用工"),
            Map.entry("LEARNING_SUPPORT", "学业帮扶与心理疏导"));
    private static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("CLASS_TEACHER", "班主任"),
            Map.entry("SCHOOL", "学校"),
            Map.entry("TOWNSHIP", "乡镇政府"),
            Map.entry("VILLAGE", "村委会"),
            Map.entry("EDUCATION_BUREAU", "教育局"),
            Map.entry("POLICE", "公安"),
            Map.entry("CIVIL_AFFAIRS", "民政"),
            Map.entry("DISABLED_PERSONS_FEDERATION", "残联"),
            Map.entry("JUDICIAL", "司法"),
            Map.entry("HUMAN_RESOURCES", "人社"),
            Map.entry("HEALTH", "卫健"),
            Map.entry("GUARDIAN", "监护人"));
    private static final Map<String, String> INTERVENTIONS = Map.of(
            "FAMILY_CONTACT", "家校联系",
            "HOME_VISIT", "家访",
            "HOME_TEACHING_VISIT", "送教上门",
            "TOWNSHIP_VERIFICATION", "乡镇核查",
            "PERSUASION", "劝返",
            "WRITTEN_REPORT", "书面报告",
            "GUARDIAN_ORDER", "责令监护人改正");
    private static final Map<String, String> OUTCOMES = Map.of(
            "DONE", "已完成",
            "RETURNED", "已返校",
            "FAILED", "未果",
            "UNREACHABLE", "无法联系");
    private static final String[] GRADES = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

    private Labels() {
    }

    static String action(String code) {
        return ACTIONS.getOrDefault(code, code);
    }

    static String role(String code) {
        return ROLES.getOrDefault(code, code);
    }

    static String intervention(String code) {
        return INTERVENTIONS.getOrDefault(code, code);
    }

    static String outcome(String code) {
        return OUTCOMES.getOrDefault(code, code);
    }

    static String gender(String code) {
        return code == null ? "" : switch (code) {
            case "MALE" -> "男";
            case "FEMALE" -> "女";
            default -> code;
        };
    }

    /** 2026年11月20日, as a form is dated. */
    static String date(java.time.LocalDate d) {
        return d == null ? "" : d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    static String grade(Integer grade) {
        return grade == null || grade < 1 || grade > 9 ? "" : GRADES[grade - 1] + "年级";
    }
}
