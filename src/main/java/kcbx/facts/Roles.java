package kcbx.facts;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Chinese names of the roles, so a reason sentence says who takes part as the parameters say. */
public final class Roles {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("CLASS_TEACHER", "班主任"), Map.entry("SCHOOL", "学校"), Map.entry("TOWNSHIP", "乡镇政府"),
            Map.entry("VILLAGE", "村（社区）"), Map.entry("EDUCATION_BUREAU", "县（区）教育局"), Map.entry("POLICE", "公安"),
            Map.entry("CIVIL_AFFAIRS", "民政"), Map.entry("DISABLED_PERSONS_FEDERATION", "残联"), Map.entry("JUDICIAL", "司法"),
            Map.entry("HUMAN_RESOURCES", "人社"), Map.entry("HEALTH", "卫健"), Map.entry("GUARDIAN", "家长（监护人）"));

    private Roles() {
    }

    /** What {@link #names} answered, by its argument: a profile's few parameter values, asked by every decision. */
    private static final Map<String, String> SAID = new ConcurrentHashMap<>();
    /** Beyond this many different arguments (never, with parameter values) nothing more is kept. */
    private static final int KEPT = 1_000;

    /** "TOWNSHIP,VILLAGE" as "乡镇政府、村（社区）". */
    public static String names(String roles) {
        String said = SAID.get(roles);
        if (said == null) {
            said = spell(roles);
            if (SAID.size() < KEPT) {
                SAID.put(roles, said);
            }
        }
        return said;
    }

    private static String spell(String roles) {
        return Arrays.stream(roles.replace(" ", "").split(","))
                .filter(r -> !r.isEmpty())
                .map(r -> NAMES.getOrDefault(r, r))
                .collect(Collectors.joining("、"));
    }
}
