package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** A state a rule derived, e.g. SUSPECTED_DROPOUT since the third day of absence. */
public final class Flag implements Explainable {
    private final String code;
    private final LocalDate since;
    private final String reason;
    private final String ruleId;
    private final String citation;

    public Flag(String code, LocalDate since, String reason, String ruleId, String citation) {
        this.code = code;
        this.since = since;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    /** Called from a rule consequence: the rule's @id and @cite travel with the flag. */
    public static Flag raise(RuleContext drools, String code, LocalDate since, String reason) {
        return new Flag(code, since, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public LocalDate getSince() { return since; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("since", since.toString());
        return m;
    }
}
