package kcbx.ruleset;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;

/** The rules of every profile whose id starts with a prefix, and which of them no scenario fired. */
public final class RuleCoverage {
    private RuleCoverage() {
    }

    /** "n of m rules fired" and one line per rule not fired; empty list of lines when all fired. */
    public static String report(CompiledRuleset ruleset, String prefix, Collection<String> fired, StringBuilder unfired) {
        Map<String, String> all = new TreeMap<>();
        for (ProfileRules profile : ruleset.profiles().values()) {
            for (KiePackage pkg : profile.kieBase().getKiePackages()) {
                for (Rule rule : pkg.getRules()) {
                    String id = String.valueOf(rule.getMetaData().get("id"));
                    if (id.startsWith(prefix)) {
                        all.putIfAbsent(id, profile.definition().id() + ": " + rule.getName());
                    }
                }
            }
        }
        int missing = 0;
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (!fired.contains(e.getKey())) {
                missing++;
                unfired.append("  not fired: ").append(e.getKey()).append(" (").append(e.getValue()).append(")\n");
            }
        }
        return "Rule coverage of " + prefix + "*: " + (all.size() - missing) + " of " + all.size()
                + " rules fired by the scenarios\n";
    }
}
