package kcbx.facts;

/** One row of a profile's risk-tiers.csv: a flag or group and the tier it raises a student to. */
public final class RiskTableRow {
    private final String kind;
    private final String code;
    private final String level;
    private final String reason;

    public RiskTableRow(String kind, String code, String level, String reason) {
        this.kind = kind;
        this.code = code;
        this.level = level;
        this.reason = reason;
    }

    /** FLAG or GROUP. */
    public String getKind() { return kind; }
    public String getCode() { return code; }
    /** LOW, MEDIUM, HIGH or CRITICAL. */
    public String getLevel() { return level; }
    public String getReason() { return reason; }
}
