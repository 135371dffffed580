package kcbx.report;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stored decision read for reports: the request as received and the decision as returned, as
 * plain maps (the stored JSON is the contract's, so reading it as maps keeps reports independent of
 * the generated model's evolution).
 */
record StoredDecision(long pk, Map<String, Object> request, Map<String, Object> decision) {
    /** Registry statuses (and their JY/T 1001 codes) that count as 异动: transferred out, suspended. */
    private static final Set<String> MOVED_STATUSES = Set.of("TRANSFERRED_OUT", "10", "SUSPENDED", "02");
    static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    static StoredDecision parse(JsonMapper json, long pk, String requestJson, String decisionJson) {
        try {
            return new StoredDecision(pk, json.readValue(requestJson, MAP), json.readValue(decisionJson, MAP));
        } catch (IOException e) {
            throw new UncheckedIOException("decision_record " + pk + " does not hold JSON", e);
        }
    }

    Map<String, Object> student() {
        return map(request.get("student"));
    }

    String studentText(String key) {
        Object v = student().get(key);
        return v == null ? null : v.toString();
    }

    Integer grade() {
        Object v = student().get("grade");
        return v instanceof Number n ? n.intValue() : null;
    }

    String poverty() {
        Object v = map(request.get("family")).get("poverty");
        return v == null ? null : v.toString();
    }

    String decisionText(String key) {
        Object v = decision.get(key);
        return v == null ? null : v.toString();
    }

    List<Map<String, Object>> flags() {
        return list(decision.get("flags"));
    }

    List<Map<String, Object>> actions() {
        return list(decision.get("actions"));
    }

    List<Map<String, Object>> interventions() {
        return list(request.get("interventions"));
    }

    Set<String> flagCodes() {
        return flags().stream().map(f -> f.get("code").toString()).collect(Collectors.toSet());
    }

    List<String> ledgers() {
        Object v = decision.get("ledgers");
        return v instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of();
    }

    List<String> monitoringGroups() {
        Object v = decision.get("monitoringGroups");
        return v instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of();
    }

    /** The student's standing for the term summary (baiyin: 在校、辍学、失学、异动). */
    String standing() {
        return standing(flagCodes(), studentText("registryStatus"));
    }

    /** The standing of a decision with these flag codes, for a student of this registry status. */
    static String standing(Set<String> flags, String status) {
        if (flags.contains("DROPOUT")) {
            return Standing.DROPPED_OUT;
        }
        if (flags.contains("OUT_OF_SCHOOL")) {
            return Standing.OUT_OF_SCHOOL;
        }
        if (flags.contains("STUDYING_ELSEWHERE") || (status != null && MOVED_STATUSES.contains(status))) {
            return Standing.MOVED;
        }
        return Standing.IN_SCHOOL;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object v) {
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    static final class Standing {
        static final String IN_SCHOOL = "IN_SCHOOL";
        static final String DROPPED_OUT = "DROPPED_OUT";
        static final String OUT_OF_SCHOOL = "OUT_OF_SCHOOL";
        static final String MOVED = "MOVED";

        private Standing() {
        }
    }
}
