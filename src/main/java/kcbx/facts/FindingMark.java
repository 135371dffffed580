package kcbx.facts;

import org.kie.api.runtime.rule.RuleContext;

/** A monitoring group (重点群体) or ledger (台账) a finding puts its child in. */
public final class FindingMark {
    public static final String GROUP = "GROUP";
    public static final String LEDGER = "LEDGER";

    private final Finding finding;
    private final String kind;
    private final String code;
    private final String ruleId;

    private FindingMark(Finding finding, String kind, String code, String ruleId) {
        this.finding = finding;
        this.kind = kind;
        this.code = code;
        this.ruleId = ruleId;
    }

    public static FindingMark group(RuleContext drools, Finding finding, String code) {
        return new FindingMark(finding, GROUP, code, RuleOutput.id(drools));
    }

    public static FindingMark ledger(RuleContext drools, Finding finding, String code) {
        return new FindingMark(finding, LEDGER, code, RuleOutput.id(drools));
    }

    public Finding getFinding() { return finding; }
    public String getKind() { return kind; }
    public String getCode() { return code; }
    public String getRuleId() { return ruleId; }
}
