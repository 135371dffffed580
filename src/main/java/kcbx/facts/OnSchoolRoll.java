package kcbx.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The student is on the school's roll: the school watches the child's attendance and escalates
 * it. Derived once, by the baseline rule "roll.on-roll" of school-roll.drl (the registry says 在读
 * and the child is not confirmed to study elsewhere, or the child is in class whatever the
 * registry says), so the attendance and dropout rules test one fact instead of repeating a guard.
 * It carries the registry status so an explanation still shows what put the child on the roll.
 */
public final class OnSchoolRoll implements Explainable {
    private final RegistryStatus registryStatus;
    private final String ruleId;

    private OnSchoolRoll(RegistryStatus registryStatus, String ruleId) {
        this.registryStatus = registryStatus;
        this.ruleId = ruleId;
    }

    public static OnSchoolRoll of(RuleContext drools, RegistryStatus registryStatus) {
        return new OnSchoolRoll(registryStatus, RuleOutput.id(drools));
    }

    public RegistryStatus getRegistryStatus() { return registryStatus; }
    public String getRuleId() { return ruleId; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("registryStatus", registryStatus.name());
        m.put("inClassDespiteRegistry", String.valueOf(registryStatus != RegistryStatus.ENROLLED));
        return m;
    }
}
