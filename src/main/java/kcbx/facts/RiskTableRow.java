package kcbx.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of a profile's risk-tiers.csv: a flag or group and the tier it raises a student to. */
public final class RiskTableRow implements Explainable {
    private final String kind;
    private final String code;
    private final String level;
    private final String reason;
    /** A row is shared by every decision of its profile and never changes: explained once. */
    private final Map<String, String> explanation;

    public RiskTableRow(String kind, String code, String level, String reason) {
        this.kind = kind;
        this.code = code;
        this.level = level;
        this.reason = reason;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("code", code);
        m.put("level", level);
        this.explanation = Collections.unmodifiableMap(m);
    }

    /** FLAG or GROUP. */
    public String getKind() { return kind; }
    public String getCode() { return code; }
    /** LOW, MEDIUM, HIGH or CRITICAL. */
    public String getLevel() { return level; }
    public String getReason() { return reason; }

    @Override
    public Map<String, String> explain() {
        return explanation;
    }
}
