package kcbx.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** Something that raised the student's risk tier, so a teacher can see why. */
public final class RiskFactor implements Explainable {
    private final String code;
    private final String level;
    private final String reason;
    private final String ruleId;
    private final String citation;

    public RiskFactor(String code, String level, String reason, String ruleId, String citation) {
        this.code = code;
        this.level = level;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    public static RiskFactor of(RuleContext drools, String code, String level, String reason) {
        return new RiskFactor(code, level, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public String getLevel() { return level; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("level", level);
        return m;
    }
}
