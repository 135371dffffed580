package kcbx.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * What a reconciliation rule found: about a whole child (OUT_OF_SCHOOL, ...), about one row
 * (INVALID_NATIONAL_ID, NATIONAL_ID_MISMATCH) or about a child's rows in one list
 * (DUPLICATE_NATIONAL_ID). Actions, monitoring groups and ledgers attach to it as separate facts.
 */
public final class Finding {
    private final String code;
    private final Child child;
    private final RegistryRow row;
    private final RegistryList list;
    private final String reason;
    private final String ruleId;
    private final String citation;

    private Finding(String code, Child child, RegistryRow row, RegistryList list, String reason, String ruleId,
                    String citation) {
        this.code = code;
        this.child = child;
        this.row = row;
        this.list = list;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    public static Finding aboutChild(RuleContext drools, String code, Child child, String reason) {
        return new Finding(code, child, null, null, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    /** {@code child} is null for a row whose ID matches no one. */
    public static Finding aboutRow(RuleContext drools, String code, Child child, RegistryRow row, String reason) {
        return new Finding(code, child, row, row.getList(), reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public static Finding aboutList(RuleContext drools, String code, Child child, RegistryList list, String reason) {
        return new Finding(code, child, null, list, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    /** A finding about the whole child, not one of its rows: the kind that gets one per child. */
    public boolean isAboutChild() {
        return row == null && list == null;
    }

    public String getCode() { return code; }
    public Child getChild() { return child; }
    public RegistryRow getRow() { return row; }
    public RegistryList getList() { return list; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }
}
