package kcbx.facts;

import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The student is on the school's roll: the school watches the child's attendance and escalates
 * it. Derived once, by the baseline rule "roll.on-roll" of school-roll.drl (the registry says 在读
 * and the child is not confirmed to study elsewhere, or the child is in class whatever the
 * registry says), so the attendance and dropout rules test one fact instead of repeating a guard.
 */
public final class OnSchoolRoll implements Explainable {
    private final String ruleId;

    private OnSchoolRoll(String ruleId) {
        this.ruleId = ruleId;
    }

    public static OnSchoolRoll of(RuleContext drools) {
        return new OnSchoolRoll(RuleOutput.id(drools));
    }

    public String getRuleId() { return ruleId; }

    @Override
    public Map<String, String> explain() {
        return Map.of("onSchoolRoll", "true");
    }
}
