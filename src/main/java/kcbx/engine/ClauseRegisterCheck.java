package kcbx.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Part of compiling a rule set that has a clause register: every clause a rule's {@code @cite}
 * names is a row of the register, and every rule id a row names is a rule of one of the profiles
 * the row applies to. A county sentence applied beyond its own profile says why. Rule sets
 * without a register (versions published before it existed, replayed for an auditor) are not
 * checked.
 */
public final class ClauseRegisterCheck {
    private static final Pattern CITE = Pattern.compile("@cite\\s*\\(\\s*\"([^\"]*)\"");

    private ClauseRegisterCheck() {
    }

    static void check(RulesetSource source, Map<String, ProfileRules> compiled, List<RulesetProblem> problems) {
        ClauseRegister register = ClauseRegister.read(source, problems);
        if (!register.present()) {
            return;
        }
        for (String path : source.files().keySet()) {
            if (path.endsWith(".drl")) {
                cites(path, source.text(path), register, problems);
            }
        }
        Map<String, Set<String>> ids = ruleIds(compiled);
        for (ClauseRegister.Clause c : register.clauses()) {
            rows(c, compiled, ids, problems);
        }
    }

    private static void cites(String path, String text, ClauseRegister register, List<RulesetProblem> problems) {
        String[] lines = text.split("\n", -1);
        boolean inBlock = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (inBlock) {
                inBlock = !line.contains("*/");
                continue;
            }
            if (line.strip().startsWith("/*") && !line.contains("*/")) {
                inBlock = true;
                continue;
            }
            int comment = line.indexOf("//");
            Matcher m = CITE.matcher(comment >= 0 ? line.substring(0, comment) : line);
            while (m.find()) {
                for (String key : ClauseRegister.expand(m.group(1))) {
                    if (!register.contains(key)) {
                        problems.add(new RulesetProblem(path, i + 1, m.start() + 1, "@cite names the clause \"" + key
                                + "\", which is not in the clause register (a row of <folder>/clauses*.csv)."));
                    }
                }
            }
        }
    }

    private static void rows(ClauseRegister.Clause c, Map<String, ProfileRules> compiled, Map<String, Set<String>> ids,
                             List<RulesetProblem> problems) {
        String at = "Row " + c.line();
        for (String p : c.profiles()) {
            if (!compiled.containsKey(p)) {
                problems.add(new RulesetProblem(c.file(), c.line(), 3, at + " column C: \"" + p
                        + "\" is not a profile of this rule set " + compiled.keySet() + "."));
            }
        }
        for (String r : c.rules()) {
            if (c.profiles().stream().noneMatch(p -> ids.getOrDefault(p, Set.of()).contains(r))) {
                problems.add(new RulesetProblem(c.file(), c.line(), 4, at + " column D: rule id \"" + r
                        + "\" is not a rule of " + String.join(" or ", c.profiles()) + "."));
            }
        }
        String doc = c.document();
        boolean county = compiled.containsKey(doc) && !doc.equals(RulesetCompiler.BASELINE);
        if (county && c.reason().isEmpty() && c.profiles().stream().anyMatch(p -> !p.equals(doc))) {
            problems.add(new RulesetProblem(c.file(), c.line(), 5, at + " column E: a clause of " + doc
                    + "'s document applied to " + c.profiles() + " needs the reason it applies beyond " + doc + "."));
        }
    }

    /** The rule ids of each profile (a profile holds the rules it inherits). */
    public static Map<String, Set<String>> ruleIds(Map<String, ProfileRules> compiled) {
        Map<String, Set<String>> out = new HashMap<>();
        compiled.forEach((id, profile) -> {
            Set<String> own = new HashSet<>();
            for (KiePackage pkg : profile.base().packages()) {
                for (Rule rule : pkg.getRules()) {
                    Object ruleId = rule.getMetaData().get("id");
                    if (ruleId != null) {
                        own.add(ruleId.toString());
                    }
                }
            }
            out.put(id, own);
        });
        return out;
    }
}
