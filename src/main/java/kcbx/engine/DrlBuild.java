package kcbx.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kcbx.facts.RiskTable;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;

/**
 * The DRL of one rule set compile, built into a KieBase per profile: rule code checked against the
 * allowlist before Drools compiles (and so runs) any of it, rule names unique, the inherited files
 * (the same for most profiles) compiled once and shared, every rule's {@code @id} and
 * {@code @cite} present; and the risk table global of the right type. Problems carry the file and
 * line of the rule they concern.
 */
final class DrlBuild {
    private static final Pattern RULE_NAME = Pattern.compile("^\\s*rule\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S+)");

    private final RulesetSource source;
    /** The compiled DRL of this compile, by the files it holds: profiles that inherit the same files share it. */
    private final Map<String, DrlUnit> units = new ConcurrentHashMap<>();
    /** What the allowlist refuses in each DRL file of this compile, checked once however many profiles inherit it. */
    private final Map<String, List<RulesetProblem>> gateVerdicts = new ConcurrentHashMap<>();

    private final CompiledDrlCache cache;

    DrlBuild(RulesetSource source, CompiledDrlCache cache) {
        this.source = source;
        this.cache = cache;
    }

    /** A profile's rules (their network built on first use) and where each rule (by name) is written. */
    record Built(ProfileBase base, Map<String, RuleLocation> ruleLocations) {
    }

    /**
     * The profile's KieBase: the DRL it inherits compiled once per rule set and shared, plus its own
     * DRL compiled on its own; then the id and citation checks over every rule. Own files that only
     * compile together with the inherited ones (a declared type or function used across files) are
     * compiled with them instead. Null when there is a problem, which is added.
     */
    Built build(String profile, Map<String, String> drlByName, List<RulesetProblem> problems) {
        List<String> inherited = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String path : drlByName.values()) {
            (path.startsWith(profile + "/") ? own : inherited).add(path);
        }
        // rule code outside the allowlist is refused before Drools compiles (and so runs) any of it;
        // files whose compiled packages are kept passed this gate when they were compiled
        // (CompiledDrlCache#holds), and a unit that must compile after all is checked then (DrlUnit)
        boolean sandboxed = true;
        for (List<String> unit : List.of(inherited, own)) {
            if (cache != null && cache.holds(source, unit)) {
                continue;
            }
            for (String drl : unit) {
                List<RulesetProblem> found = refused(drl);
                problems.addAll(found);
                sandboxed &= found.isEmpty();
            }
        }
        if (!sandboxed) {
            return null;
        }
        int before = problems.size();
        Map<String, RuleLocation> locations = new LinkedHashMap<>();
        for (String path : inherited) {
            scanRuleNames(path, source.text(path), locations, problems);
        }
        for (String path : own) {
            scanRuleNames(path, source.text(path), locations, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        DrlUnit shared = units.computeIfAbsent(String.join("\n", inherited),
                k -> new DrlUnit(source, inherited, cache, this::refused, true));
        DrlUnit mine = new DrlUnit(source, own, cache, this::refused, false);
        List<DrlUnit> parts = List.of(shared, mine);
        if (!mine.errors().isEmpty() && shared.errors().isEmpty()) {
            List<String> all = new ArrayList<>(inherited);
            all.addAll(own);
            parts = List.of(new DrlUnit(source, all, cache, this::refused, false));
        }
        for (DrlUnit unit : parts) {
            problems.addAll(unit.errors());
        }
        if (problems.size() > before) {
            return null;
        }
        ProfileBase base = new ProfileBase(parts);
        checkMetadata(base.packages(), profile, locations, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Built(base, Map.copyOf(locations));
    }

    /** What the rule-code gate refuses in one DRL file, checked once per compile however many profiles inherit it. */
    private List<RulesetProblem> refused(String path) {
        List<RulesetProblem> found = gateVerdicts.get(path);
        if (found == null) {
            // checked outside the map's lock: another profile's thread may check it too, not wait
            found = RuleSandbox.check(path, source.text(path));
            List<RulesetProblem> earlier = gateVerdicts.putIfAbsent(path, found);
            found = earlier == null ? found : earlier;
        }
        return found;
    }

    /** Every rule has an {@code @id} no other rule of the profile has, and an {@code @cite} naming its clause. */
    private static void checkMetadata(Collection<KiePackage> packages, String profile,
                                      Map<String, RuleLocation> locations, List<RulesetProblem> problems) {
        Map<String, RuleLocation> ids = new TreeMap<>();
        for (KiePackage pkg : packages) {
            for (Rule rule : pkg.getRules()) {
                RuleLocation at = locations.getOrDefault(rule.getName(), new RuleLocation(profile + "/", 0));
                Object id = rule.getMetaData().get("id");
                if (id == null || id.toString().isBlank()) {
                    problems.add(new RulesetProblem(at.file(), at.line(), 0, "Rule \"" + rule.getName() + "\" has no @id(\"...\") metadata."));
                } else if (ids.putIfAbsent(id.toString(), at) != null) {
                    problems.add(new RulesetProblem(at.file(), at.line(), 0, "Rule id \"" + id + "\" is also used at "
                            + ids.get(id.toString()).where() + "."));
                }
                Object cite = rule.getMetaData().get("cite");
                if (cite == null || cite.toString().isBlank()) {
                    problems.add(new RulesetProblem(at.file(), at.line(), 0, "Rule \"" + rule.getName() + "\" has no @cite(\"...\") metadata naming its clause."));
                }
            }
        }
    }

    /**
     * Whether the rules read the risk table as the global riskTable (where the DRL declares it) or,
     * in a rule set written before it existed, match its rows as facts. Null, with the problem, when
     * the global is declared with another type.
     */
    Boolean riskTableGlobal(ProfileBase base, String profile, Map<String, String> drlByName,
                                    List<RulesetProblem> problems) {
        List<Global> globals = base.packages().stream()
                .flatMap(p -> p.getGlobalVariables().stream())
                .filter(g -> g.getName().equals(RiskTable.GLOBAL)).toList();
        String wrongType = globals.stream().map(Global::getType)
                .filter(type -> !type.equals(RiskTable.class.getName())).findFirst().orElse(null);
        if (wrongType != null) {
            String where = drlByName.values().stream()
                    .filter(path -> source.text(path).matches("(?s).*\\bglobal\\s+\\S+\\s+" + RiskTable.GLOBAL + "\\b.*"))
                    .findFirst().orElse(profile + "/");
            problems.add(new RulesetProblem(where, 0, 0, "The global \"" + RiskTable.GLOBAL
                    + "\" is the profile's risk table and must be declared as " + RiskTable.class.getName()
                    + ", not " + wrongType + "."));
            return null;
        }
        return !globals.isEmpty();
    }

    /** Drools silently keeps the last of two rules with one name; here it is an error with both places. */
    private static void scanRuleNames(String path, String text, Map<String, RuleLocation> seen,
                                      List<RulesetProblem> problems) {
        String[] lines = text.split("\n", -1);
        boolean inBlockComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (inBlockComment) {
                if (line.contains("*/")) {
                    inBlockComment = false;
                }
                continue;
            }
            if (line.strip().startsWith("/*") && !line.contains("*/")) {
                inBlockComment = true;
                continue;
            }
            Matcher m = RULE_NAME.matcher(line);
            if (m.find()) {
                String raw = m.group(1);
                String name = raw.startsWith("\"") || raw.startsWith("'") ? raw.substring(1, raw.length() - 1) : raw;
                RuleLocation earlier = seen.putIfAbsent(name, new RuleLocation(path, i + 1));
                if (earlier != null) {
                    problems.add(new RulesetProblem(path, i + 1, m.start(1) + 1,
                            "Duplicate rule name \"" + name + "\": already defined at " + earlier.where() + "."));
                }
            }
        }
    }
}
