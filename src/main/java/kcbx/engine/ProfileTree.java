package kcbx.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The profiles of a rule set and what each inherits. A profile folder inherits the baseline (or
 * its named parent): a DRL file of the same name replaces the parent's (only where profile.yaml
 * says "replaces"), parameters override the parent's one by one, its own calendar.yaml is laid
 * over the parent's, and its own risk-tiers.csv replaces the parent's.
 */
final class ProfileTree {
    private final Map<String, ProfileDefinition> definitions;

    private ProfileTree(Map<String, ProfileDefinition> definitions) {
        this.definitions = definitions;
    }

    /** What a profile is compiled from, its own files laid over its parents'. */
    record Layers(Map<String, String> drlByName, List<String> calendars, String riskTable) {
    }

    /** Every folder's profile.yaml, by profile id; a parent that is not a profile folder is a problem. */
    static ProfileTree read(RulesetSource source, List<RulesetProblem> problems) {
        Map<String, ProfileDefinition> defs = new TreeMap<>();
        for (String path : source.files().keySet()) {
            String[] parts = path.split("/");
            if (parts.length != 2 || !parts[1].equals("profile.yaml")) {
                continue;
            }
            String id = parts[0];
            Map<String, Object> y = RulesetYaml.read(source, path, problems);
            if (y == null) {
                continue;
            }
            Object parent = y.get("parent");
            boolean baseline = id.equals(RulesetCompiler.BASELINE);
            if (baseline && parent != null) {
                problems.add(new RulesetProblem(path, 0, 0, "The baseline profile cannot have a parent."));
            }
            Object year = y.get("year");
            defs.put(id, new ProfileDefinition(id, String.valueOf(y.getOrDefault("name", id)),
                    baseline ? null : String.valueOf(parent == null ? RulesetCompiler.BASELINE : parent),
                    str(y.get("sourceDocument")), str(y.get("issuer")),
                    year instanceof Integer i ? i : null, replaces(y.get("replaces"))));
        }
        for (ProfileDefinition d : defs.values()) {
            if (d.parent() != null && !defs.containsKey(d.parent())) {
                problems.add(new RulesetProblem(d.id() + "/profile.yaml", 0, 0,
                        "parent \"" + d.parent() + "\" is not a profile folder of this rule set."));
            }
        }
        return new ProfileTree(defs);
    }

    Map<String, ProfileDefinition> definitions() {
        return definitions;
    }

    /**
     * The files {@code def} is compiled from, walking from the baseline down to the profile (later
     * folders override earlier ones); its parameter files go to {@code parameters} in that order.
     * Null, with the problem, when the parents form a cycle.
     */
    Layers layers(RulesetSource source, ProfileDefinition def, ParameterFiles parameters,
                  List<RulesetProblem> problems) {
        List<String> chain = chain(def, problems);
        if (chain == null) {
            return null;
        }
        Map<String, String> drlByName = new TreeMap<>();
        List<String> calendars = new ArrayList<>();
        String risk = null;
        for (String folder : chain) {
            boolean baseline = folder.equals(RulesetCompiler.BASELINE);
            for (String path : source.files().keySet()) {
                if (!path.startsWith(folder + "/") || path.indexOf('/', folder.length() + 1) >= 0) {
                    continue;
                }
                String name = path.substring(folder.length() + 1);
                if (name.endsWith(".drl")) {
                    String shadowed = drlByName.put(name, path);
                    if (shadowed != null && !definitions.get(folder).replaces().contains(name)) {
                        problems.add(new RulesetProblem(path, 0, 0, "This file has the name of " + shadowed
                                + " and would replace it; write \"replaces: [" + name + "]\" in " + folder
                                + "/profile.yaml if that is meant, or rename the file."));
                    }
                } else if (name.equals("calendar.yaml")) {
                    calendars.add(path);
                } else if (name.equals("risk-tiers.csv")) {
                    risk = path;
                } else if (name.equals("parameters.yaml")) {
                    parameters.mergeYaml(path, baseline);
                } else if (name.equals("parameters.csv")) {
                    parameters.mergeTable(path, baseline);
                }
            }
        }
        return new Layers(drlByName, calendars, risk);
    }

    /** The profile's folders from the baseline down to its own; null, with the problem, on a cycle. */
    private List<String> chain(ProfileDefinition def, List<RulesetProblem> problems) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ProfileDefinition d = def; d != null; d = d.parent() == null ? null : definitions.get(d.parent())) {
            if (!seen.add(d.id())) {
                problems.add(new RulesetProblem(def.id() + "/profile.yaml", 0, 0, "The parents of this profile form a cycle: " + seen));
                return null;
            }
            chain.add(0, d.id());
        }
        return chain;
    }

    /** The parent's rule files a profile replaces on purpose ("replaces: [support.drl]" in profile.yaml). */
    private static List<String> replaces(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
