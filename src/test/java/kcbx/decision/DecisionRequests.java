package kcbx.decision;

import static kcbx.decision.RequestFuzzer.bytes;
import static kcbx.decision.RequestFuzzer.ordered;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import kcbx.decision.RequestFuzzer.Case;
import kcbx.decision.RequestFuzzer.Expect;
import kcbx.facts.NationalId;

/**
 * Decision requests for the fuzzer: valid ones of every shape the contract allows, and invalid
 * ones whose offending field is known, including what only the service's own checks catch
 * (a birth date after asOf, a national ID failing its check digit, an unknown profile).
 * POST /v1/decisions sends them one by one, the batch endpoint several at a time.
 */
final class DecisionRequests implements RequestFuzzer.Seeds {
    private static final String[] PROFILES = {"baseline", "helan", "boshan", "rongchang", "baiyin", "zhongyang"};
    private static final String[] REGISTRY = {"ENROLLED", "TRANSFERRED_OUT", "SUSPENDED", "DROPPED_OUT", "GRADUATED",
            "01", "02", "05", "06", "07", "10", "15", "99", "NOT_ENROLLED"};
    private static final String[] ATTENDANCE = {"PRESENT", "LATE", "ABSENT_EXCUSED", "ABSENT_UNEXCUSED"};
    private static final String[] INTERVENTIONS = {"FAMILY_CONTACT", "HOME_VISIT", "HOME_TEACHING_VISIT",
            "TOWNSHIP_VERIFICATION", "PERSUASION", "WRITTEN_REPORT", "GUARDIAN_ORDER"};
    private static final String[] OUTCOMES = {"DONE", "RETURNED", "FAILED", "UNREACHABLE"};
    private static final String[] POVERTY = {"NONE", "REGISTERED_POOR", "POVERTY_MONITORED", "SUBSISTENCE_ALLOWANCE",
            "EXTREME_POVERTY_SUPPORT"};
    /** Odd but legal text: emoji, CJK, right-to-left override, combining accent, zero-width space, NUL, Tibetan. */
    private static final String[] ODD = RequestFuzzer.ODD;

    private final Function<Object, String> json;
    /** kcbx.request.max-body-bytes of the service under test. */
    private final int maxBody;

    DecisionRequests(Function<Object, String> json, int maxBody) {
        this.json = json;
        this.maxBody = maxBody;
    }

    @Override
    public Function<Object, String> json() {
        return json;
    }

    @Override
    public String schemaName() {
        return "DecisionRequest";
    }

    @Override
    public Object valid(Random r, int i) {
        return valid(r, i, "fz-");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Case known(Random r, Object valid) {
        return invalid(r, (Map<String, Object>) valid);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Case oversized(Random r, Object valid) {
        Map<String, Object> m = (Map<String, Object>) valid;
        ((Map<String, Object>) m.get("student")).put("className", "班".repeat(maxBody / 3 + 1 + r.nextInt(200_000)));
        return new Case("oversized", bytes(json.apply(m)), Expect.TOO_LARGE, "body", "payload_too_large");
    }

    // ---------------------------------------------------------------- valid requests

    /** A valid request; student ids start with {@code idPrefix} so each test finds its own. */
    Map<String, Object> valid(Random r, int i, String idPrefix) {
        LocalDate asOf = LocalDate.of(2025, 9, 1).plusDays(r.nextInt(300));
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.nextInt(7) > 0) {
            m.put("profile", PROFILES[r.nextInt(PROFILES.length)]);
        }
        m.put("asOf", asOf.toString());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", idPrefix + i + (r.nextInt(4) == 0 ? ODD[r.nextInt(ODD.length)] : ""));
        LocalDate birth = asOf.minusYears(6 + r.nextInt(10)).minusDays(r.nextInt(365));
        if (r.nextBoolean()) {
            String first17 = "640100" + birth.toString().replace("-", "") + String.format("%03d", r.nextInt(1000));
            s.put("nationalId", first17 + NationalId.checkCharacter(first17));
        }
        maybe(r, s, "name", () -> "测试" + ODD[r.nextInt(ODD.length)]);
        maybe(r, s, "gender", () -> r.nextBoolean() ? "MALE" : "FEMALE");
        maybe(r, s, "birthDate", birth::toString);
        maybe(r, s, "schoolId", () -> "school-" + r.nextInt(20));
        maybe(r, s, "grade", () -> 1 + r.nextInt(9));
        maybe(r, s, "className", () -> "初二(" + r.nextInt(9) + ")班");
        maybe(r, s, "registryStatus", () -> REGISTRY[r.nextInt(REGISTRY.length)]);
        maybe(r, s, "township", () -> "习岗镇");
        for (String flag : List.of("hasHukou", "ethnicMinority", "learningDifficulty", "studyingElsewhereConfirmed",
                "foundWorking", "healthDeferralRequested")) {
            maybe(r, s, flag, r::nextBoolean);
        }
        maybe(r, s, "returnedOn", () -> asOf.minusDays(r.nextInt(200)).toString());
        m.put("student", s);
        if (r.nextBoolean()) {
            Map<String, Object> f = new LinkedHashMap<>();
            for (String flag : List.of("leftBehind", "orphan", "deFactoUnsupported", "difficultCircumstances", "migrant",
                    "parentIncarcerated", "receivesAid", "needsBoarding", "hasBoarding")) {
                maybe(r, f, flag, r::nextBoolean);
            }
            maybe(r, f, "poverty", () -> POVERTY[r.nextInt(POVERTY.length)]);
            maybe(r, f, "guardianship", () -> new String[]{"ADEQUATE", "WEAK", "NONE"}[r.nextInt(3)]);
            m.put("family", f);
        }
        if (r.nextInt(4) == 0) {
            m.put("disability", ordered("disabled", r.nextBoolean(), "severe", r.nextBoolean(),
                    "placement", new String[]{"REGULAR_CLASS", "SPECIAL_SCHOOL", "HOME_TEACHING", "NONE"}[r.nextInt(4)]));
        }
        List<Object> attendance = new ArrayList<>();
        Set<LocalDate> days = new LinkedHashSet<>();
        int count = r.nextInt(5) == 0 ? r.nextInt(300) : r.nextInt(40);
        for (int k = 0; k < count; k++) {
            days.add(asOf.minusDays(r.nextInt(200)));
        }
        days.forEach(d -> attendance.add(ordered("date", d.toString(),
                "status", ATTENDANCE[r.nextInt(ATTENDANCE.length)])));
        if (!attendance.isEmpty() || r.nextBoolean()) {
            m.put("attendance", attendance);
        }
        if (r.nextInt(3) == 0) {
            List<Object> interventions = new ArrayList<>();
            for (int k = r.nextInt(6); k > 0; k--) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("date", asOf.minusDays(r.nextInt(100)).toString());
                v.put("type", INTERVENTIONS[r.nextInt(INTERVENTIONS.length)]);
                maybe(r, v, "outcome", () -> OUTCOMES[r.nextInt(OUTCOMES.length)]);
                interventions.add(v);
            }
            m.put("interventions", interventions);
        }
        if (r.nextInt(5) == 0) {
            LocalDate start = asOf.minusDays(r.nextInt(60));
            m.put("calendar", ordered("termStart", start.toString(), "termEnd", start.plusDays(120).toString(),
                    "holidays", List.of(start.plusDays(30).toString()), "workdays", List.of(start.plusDays(33).toString())));
        }
        return m;
    }

    private static void maybe(Random r, Map<String, Object> m, String key, java.util.function.Supplier<Object> value) {
        if (r.nextBoolean()) {
            m.put(key, value.get());
        }
    }

    // ---------------------------------------------------------------- known-invalid requests

    @SuppressWarnings("unchecked")
    private Case invalid(Random r, Map<String, Object> m) {
        Map<String, Object> s = (Map<String, Object>) m.get("student");
        List<Object> attendance = (List<Object>) m.computeIfAbsent("attendance", k -> new ArrayList<>());
        if (attendance.isEmpty()) {
            attendance.add(ordered("date", m.get("asOf"), "status", "PRESENT"));
        }
        int a = r.nextInt(attendance.size());
        Map<String, Object> rec = (Map<String, Object>) attendance.get(a);
        String at = "attendance[" + a + "]";
        String[] badDates = {"2025-02-30", "9999-12-31", "0000-01-01", "2025-9-1", "20250901", "2025-13-01", "",
                "1999-12-31", "2101-01-01", "２０２５-09-01", "2025-09-01T00:00:00Z", "-2025-09-01"};
        switch (r.nextInt(22)) {
            case 0 -> { m.put("asOf", 20250901); return refused("wrong type", m, "asOf"); }
            case 1 -> { s.put("grade", r.nextBoolean() ? "seven" : 7.5); return refused("wrong type", m, "student.grade"); }
            case 2 -> { s.put("hasHukou", "yes"); return refused("wrong type", m, "student.hasHukou"); }
            case 3 -> { m.put("student", List.of(s)); return refused("wrong type", m, "student"); }
            case 4 -> { m.put("attendance", ordered("date", "2025-09-01")); return refused("wrong type", m, "attendance"); }
            case 5 -> { rec.put("status", r.nextBoolean() ? "AWOL" : 5); return refused("bad enum", m, at + ".status"); }
            case 6 -> { s.put("gender", "BOY"); return refused("bad enum", m, "student.gender"); }
            case 7 -> { m.put("asOf", badDates[r.nextInt(badDates.length)]); return refused("bad date", m, "asOf"); }
            case 8 -> { rec.put("date", badDates[r.nextInt(badDates.length)]); return refused("bad date", m, at + ".date"); }
            case 9 -> {
                String field = new String[]{"asOf", "student", "student.id"}[r.nextInt(3)];
                if (field.equals("student.id")) {
                    s.remove("id");
                } else {
                    m.remove(field);
                }
                return refused("missing", m, field);
            }
            case 10 -> { s.put("nickname", "小明"); return refused("unknown field", m, "student.nickname", "unknown_field"); }
            case 11 -> {
                List<Object> huge = new ArrayList<>();
                for (int k = 0; k < 1001 + r.nextInt(3000); k++) {
                    huge.add(ordered("date", "2025-09-01", "status", "PRESENT"));
                }
                m.put("attendance", huge);
                return refused("huge array", m, "attendance");
            }
            case 12 -> {
                int depth = 33 + r.nextInt(r.nextBoolean() ? 100 : 20_000);
                String body = json.apply(m);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                return refused("deep nesting", body.replaceFirst("^\\{", "{\"family\":" + nested.replace("$", "\\$") + ","), null, null);
            }
            case 13 -> {
                String body = json.apply(m);
                return refused("duplicated key", body.replaceFirst("^\\{", "{\"asOf\":\"2025-09-02\","), "asOf", null);
            }
            case 14 -> { s.put("id", "x".repeat(64) + ODD[r.nextInt(ODD.length)]); return refused("too long", m, "student.id"); }
            case 15 -> { s.put("id", ""); return refused("empty", m, "student.id"); }
            case 16 -> {
                s.put("grade", 0);
                String body = json.apply(m).replaceFirst("\"grade\":0", "\"grade\":"
                        + (r.nextBoolean() ? "1e400" : "99999999999999999999999"));
                return refused("number overflow", body, "student.grade", null);
            }
            case 17 -> { m.put("asOf", null); return refused("null required", m, "asOf"); }
            case 18 -> {
                s.put("birthDate", LocalDate.parse(m.get("asOf").toString()).plusDays(1 + r.nextInt(400)).toString());
                return refused("birth after asOf", m, "student.birthDate");
            }
            case 19 -> {
                String first17 = "64010020100101" + String.format("%03d", r.nextInt(1000));
                char check = NationalId.checkCharacter(first17);
                s.put("nationalId", first17 + (check == '1' ? '2' : '1'));
                return refused("bad national id", m, "student.nationalId", "invalid_national_id");
            }
            case 20 -> { m.put("profile", "atlantis-" + r.nextInt(9)); return refused("unknown profile", m, "profile", "unknown_profile"); }
            default -> {
                String body = new String[]{"[]", "\"decide\"", "42", "null", "true", "{}"}[r.nextInt(6)];
                return refused("not an object", body, body.equals("{}") ? "asOf" : "body", null);
            }
        }
    }

    private Case refused(String kind, Map<String, Object> m, String field) {
        return refused(kind, json.apply(m), field, null);
    }

    private Case refused(String kind, Map<String, Object> m, String field, String code) {
        return refused(kind, json.apply(m), field, code);
    }

    private static Case refused(String kind, String body, String field, String code) {
        return new Case(kind, bytes(body), Expect.REFUSED, field, code);
    }
}
