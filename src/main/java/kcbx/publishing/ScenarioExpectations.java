package kcbx.publishing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Compares a decision with a scenario's "expect" block: listed flags/actions must be present with
 * the listed fields equal, absent* codes must not be present, ledgers/groups/warnings must be
 * contained, riskLevel must match, reasons must contain the given substrings. Shared by the
 * scenario tests over HTTP and by {@link ScenarioRunner}, which policy staff run on a candidate.
 */
public final class ScenarioExpectations {
    private ScenarioExpectations() {
    }

    @SuppressWarnings("unchecked")
    public static void check(Map<String, Object> expect, Map<String, Object> decision, List<String> failures) {
        List<Map<String, Object>> flags = (List<Map<String, Object>>) decision.get("flags");
        List<Map<String, Object>> actions = (List<Map<String, Object>>) decision.get("actions");
        present("flag", (List<Map<String, Object>>) expect.getOrDefault("flags", List.of()), flags, failures);
        present("action", (List<Map<String, Object>>) expect.getOrDefault("actions", List.of()), actions, failures);
        absent("flag", (List<String>) expect.getOrDefault("absentFlags", List.of()), flags, failures);
        absent("action", (List<String>) expect.getOrDefault("absentActions", List.of()), actions, failures);
        contains("ledgers", (List<String>) expect.getOrDefault("ledgers", List.of()),
                (List<String>) decision.get("ledgers"), failures);
        for (String code : (List<String>) expect.getOrDefault("absentLedgers", List.of())) {
            if (((List<String>) decision.get("ledgers")).contains(code)) {
                failures.add("ledger " + code + " must not be present");
            }
        }
        contains("monitoringGroups", (List<String>) expect.getOrDefault("monitoringGroups", List.of()),
                (List<String>) decision.get("monitoringGroups"), failures);
        List<String> warningCodes = ((List<Map<String, Object>>) decision.get("warnings")).stream()
                .map(w -> (String) w.get("code")).toList();
        contains("warnings", (List<String>) expect.getOrDefault("warnings", List.of()), warningCodes, failures);
        for (String code : (List<String>) expect.getOrDefault("absentWarnings", List.of())) {
            if (warningCodes.contains(code)) {
                failures.add("warning " + code + " must not be present");
            }
        }
        if (expect.containsKey("riskLevel") && !Objects.equals(expect.get("riskLevel"), decision.get("riskLevel"))) {
            failures.add("riskLevel: expected " + expect.get("riskLevel") + ", got " + decision.get("riskLevel"));
        }
        ((Map<String, List<String>>) expect.getOrDefault("reasonContains", Map.of())).forEach((code, parts) -> {
            List<Map<String, Object>> matching = Stream.concat(flags.stream(), actions.stream())
                    .filter(m -> code.equals(m.get("code"))).toList();
            if (matching.isEmpty()) {
                failures.add("reasonContains: no flag or action " + code);
            }
            for (Map<String, Object> m : matching) {
                for (String part : parts) {
                    if (!String.valueOf(m.get("reason")).contains(part)) {
                        failures.add("reason of " + code + " lacks \"" + part + "\": " + m.get("reason"));
                    }
                }
            }
        });
        // the same action twice (one rule firing per branch of an "or", two rules for one duty) is a rule bug
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> a : actions) {
            String key = a.get("code") + "/" + a.get("responsible") + "/" + a.get("dueDate");
            if (!seen.add(key)) {
                failures.add("action " + key + " appears twice");
            }
        }
        for (Map<String, Object> item : concat(flags, actions)) {
            for (String key : List.of("ruleId", "citation", "reason")) {
                if (item.get(key) == null || item.get(key).toString().isBlank()) {
                    failures.add(item.get("code") + " has no " + key);
                }
            }
            explained(item, failures);
        }
    }

    /** Every flag and action names the rule's file and line and the facts its match bound. */
    @SuppressWarnings("unchecked")
    private static void explained(Map<String, Object> item, List<String> failures) {
        Map<String, Object> e = (Map<String, Object>) item.get("explanation");
        if (e == null) {
            failures.add(item.get("code") + " has no explanation");
            return;
        }
        if (!String.valueOf(e.get("ruleFile")).endsWith(".drl") || ((Number) e.get("ruleLine")).intValue() < 1) {
            failures.add(item.get("code") + " explanation does not locate its rule: " + e);
        }
        if (!(e.get("matchedFacts") instanceof List<?> facts) || facts.isEmpty()) {
            failures.add(item.get("code") + " explanation names no matched fact");
        }
    }

    private static void present(String kind, List<Map<String, Object>> wanted, List<Map<String, Object>> got,
                                List<String> failures) {
        for (Map<String, Object> w : wanted) {
            boolean found = got.stream().anyMatch(g -> w.entrySet().stream()
                    .allMatch(e -> Objects.equals(e.getValue(), g.get(e.getKey()))));
            if (!found) {
                failures.add(kind + " " + w + " not found; got " + got.stream().map(g -> g.get("code") + "@"
                        + (g.containsKey("since") ? g.get("since") : g.get("dueDate")) + "/" + g.get("responsible")
                        + g.getOrDefault("participants", "")).toList());
            }
        }
    }

    private static void absent(String kind, List<String> codes, List<Map<String, Object>> got, List<String> failures) {
        for (String code : codes) {
            if (got.stream().anyMatch(g -> code.equals(g.get("code")))) {
                failures.add(kind + " " + code + " must not be present");
            }
        }
    }

    private static void contains(String what, List<String> wanted, List<String> got, List<String> failures) {
        for (String w : wanted) {
            if (!got.contains(w)) {
                failures.add(what + " lacks " + w + "; got " + got);
            }
        }
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
