package kcbx.facts;

import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** Reads the @id and @cite metadata of the rule whose consequence is running. */
final class RuleOutput {
    private RuleOutput() {
    }

    static String id(RuleContext drools) {
        return meta(drools, "id");
    }

    static String cite(RuleContext drools) {
        return meta(drools, "cite");
    }

    private static String meta(RuleContext drools, String key) {
        Map<String, Object> meta = drools.getRule().getMetaData();
        Object v = meta.get(key);
        if (v == null) {
            throw new IllegalStateException("Rule \"" + drools.getRule().getName() + "\" has no @" + key + " metadata");
        }
        return v.toString();
    }
}
