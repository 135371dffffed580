package kcbx.facts;

import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** The student belongs to a monitoring group (重点群体). */
public final class GroupMembership implements Explainable {
    private final String code;
    private final String ruleId;
    private final String citation;

    public GroupMembership(String code, String ruleId, String citation) {
        this.code = code;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    public static GroupMembership of(RuleContext drools, String code) {
        return new GroupMembership(code, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }

    @Override
    public Map<String, String> explain() {
        return Map.of("code", code);
    }
}
