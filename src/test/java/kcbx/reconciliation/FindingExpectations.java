package kcbx.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reconciliation scenario file expects. Each expected finding must match a different
 * returned finding: the same code, every scalar field listed equal, the rows listed exactly (in
 * order, with the keys given), every listed action present with the fields given, groups and
 * ledgers equal when listed, no action matching one of {@code absentActions}, and the reason
 * holding each {@code reasonContains} text.
 */
final class FindingExpectations {
    private static final List<String> SCALARS = List.of("code", "nationalId", "birthDate", "township", "village",
            "schoolId", "ruleId", "citation");

    private FindingExpectations() {
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> expect, Map<String, Object> actual, List<String> failures) {
        List<Map<String, Object>> found = (List<Map<String, Object>>) actual.get("findings");
        if (expect.containsKey("findingCount")
                && ((Number) expect.get("findingCount")).longValue() != ((Number) actual.get("findingCount")).longValue()) {
            failures.add("findingCount is " + actual.get("findingCount") + ", expected " + expect.get("findingCount"));
        }
        if (expect.containsKey("profile") && !expect.get("profile").equals(actual.get("profile"))) {
            failures.add("profile is " + actual.get("profile") + ", expected " + expect.get("profile"));
        }
        if (expect.get("summary") instanceof Map<?, ?> summary) {
            Map<String, Object> s = (Map<String, Object>) actual.get("summary");
            summary.forEach((k, v) -> {
                if (!Objects.equals(number(v), number(s.get(k)))) {
                    failures.add("summary." + k + " is " + s.get(k) + ", expected " + v);
                }
            });
        }
        List<Map<String, Object>> unused = new ArrayList<>(found);
        for (Map<String, Object> e : (List<Map<String, Object>>) expect.getOrDefault("findings", List.of())) {
            Map<String, Object> match = unused.stream().filter(f -> matches(e, f)).findFirst().orElse(null);
            if (match == null) {
                failures.add("no finding matches " + e);
            } else {
                unused.remove(match);
            }
        }
        for (Object id : (List<Object>) expect.getOrDefault("absentNationalIds", List.of())) {
            found.stream().filter(f -> id.equals(f.get("nationalId")))
                    .forEach(f -> failures.add("unexpected finding " + f.get("code") + " for an ID expected to have none"));
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> e, Map<String, Object> f) {
        for (String k : SCALARS) {
            if (e.containsKey(k) && !Objects.equals(e.get(k), f.get(k))) {
                return false;
            }
        }
        if (e.get("rows") instanceof List<?> rows) {
            List<Map<String, Object>> actual = (List<Map<String, Object>>) f.get("rows");
            if (actual.size() != rows.size()) {
                return false;
            }
            for (int i = 0; i < rows.size(); i++) {
                if (!subset((Map<String, Object>) rows.get(i), actual.get(i))) {
                    return false;
                }
            }
        }
        if (e.get("actions") instanceof List<?> actions) {
            List<Map<String, Object>> actual = (List<Map<String, Object>>) f.get("actions");
            for (Object a : actions) {
                if (actual.stream().noneMatch(x -> subset((Map<String, Object>) a, x))) {
                    return false;
                }
            }
        }
        if (e.get("absentActions") instanceof List<?> absent) {
            // actions the documents do not ask of this profile: none of the finding's actions may match one
            List<Map<String, Object>> actual = (List<Map<String, Object>>) f.get("actions");
            for (Object a : absent) {
                if (actual.stream().anyMatch(x -> subset((Map<String, Object>) a, x))) {
                    return false;
                }
            }
        }
        for (String list : List.of("monitoringGroups", "ledgers")) {
            if (e.containsKey(list) && !Objects.equals(e.get(list), f.get(list))) {
                return false;
            }
        }
        for (Object text : (List<Object>) e.getOrDefault("reasonContains", List.of())) {
            if (!f.get("reason").toString().contains(text.toString())) {
                return false;
            }
        }
        return true;
    }

    private static boolean subset(Map<String, Object> expected, Map<String, Object> actual) {
        for (Map.Entry<String, Object> kv : expected.entrySet()) {
            if (!Objects.equals(number(kv.getValue()), number(actual.get(kv.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static Object number(Object v) {
        return v instanceof Number n ? n.longValue() : v;
    }
}
