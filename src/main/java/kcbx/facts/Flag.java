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
    /**
     * Whether this flag opens the coercive chain (written report, the guardian's order, judicial
     * documents): set by the rule that raised it when attendance or persuasion evidence backs it,
     * so the chain's rules test the marker instead of listing rule ids.
     */
    private final boolean opensCoerciveChain;

    public Flag(String code, LocalDate since, String reason, String ruleId, String citation) {
        this(code, since, reason, ruleId, citation, false);
    }

    private Flag(String code, LocalDate since, String reason, String ruleId, String citation,
                 boolean opensCoerciveChain) {
        this.code = code;
        this.since = since;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
        this.opensCoerciveChain = opensCoerciveChain;
    }

    /** Called from a rule consequence: the rule's @id and @cite travel with the flag. */
    public static Flag raise(RuleContext drools, String code, LocalDate since, String reason) {
        return new Flag(code, since, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    /**
     * The same flag, marked as opening the coercive chain; called from a rule consequence whose
     * conditions hold attendance or persuasion evidence (never group membership: catalog, fairness).
     */
    public Flag openingCoerciveChain() {
        return new Flag(code, since, reason, ruleId, citation, true);
    }

    public String getCode() { return code; }
    public LocalDate getSince() { return since; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }
    public boolean isOpensCoerciveChain() { return opensCoerciveChain; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("since", since.toString());
        if (opensCoerciveChain) {
            m.put("opensCoerciveChain", "true");
        }
        return m;
    }
}
