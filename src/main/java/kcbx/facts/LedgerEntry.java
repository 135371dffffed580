package kcbx.facts;

import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** The student belongs on a ledger (台账). */
public final class LedgerEntry implements Explainable {
    private final String code;
    private final String ruleId;
    private final String citation;

    public LedgerEntry(String code, String ruleId, String citation) {
        this.code = code;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    public static LedgerEntry of(RuleContext drools, String code) {
        return new LedgerEntry(code, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }

    @Override
    public Map<String, String> explain() {
        return Map.of("code", code);
    }
}
