package kcbx.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Only what the report index needs (student.township and registryStatus; the flag codes and
     * ledgers), read by streaming over the stored JSON and skipping the rest: the index is
     * written for every decision while the chain is locked, and the request's term of attendance
     * and the decision's explanations are most of the text.
     */
    static StoredDecision forIndex(long pk, String requestJson, String decisionJson) {
        try {
            Map<String, Object> student = new java.util.HashMap<>();
            try (JsonParser p = JSON.createParser(requestJson)) {
                expect(p.nextToken(), JsonToken.START_OBJECT, pk);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("student") && value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            JsonToken v = p.nextToken();
                            if ((key.equals("township") || key.equals("registryStatus")) && v == JsonToken.VALUE_STRING) {
                                student.put(key, p.getText());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            List<Map<String, Object>> flags = new java.util.ArrayList<>();
            List<Object> ledgers = new java.util.ArrayList<>();
            try (JsonParser p = JSON.createParser(decisionJson)) {
                expect(p.nextToken(), JsonToken.START_OBJECT, pk);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("flags") && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String key = p.currentName();
                                if (p.nextToken() == JsonToken.VALUE_STRING && key.equals("code")) {
                                    flags.add(Map.of("code", p.getText()));
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    } else if (field.equals("ledgers") && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            ledgers.add(p.getText());
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return new StoredDecision(pk, Map.of("student", student), Map.of("flags", flags, "ledgers", ledgers));
        } catch (IOException e) {
            throw new UncheckedIOException("decision_record " + pk + " does not hold JSON", e);
        }
    }

    private static void expect(JsonToken got, JsonToken wanted, long pk) throws IOException {
        if (got != wanted) {
            throw new IOException("decision_record " + pk + ": expected " + wanted + ", found " + got);
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
        Set<String> flags = flagCodes();
        if (flags.contains("DROPOUT")) {
            return Standing.DROPPED_OUT;
        }
        if (flags.contains("OUT_OF_SCHOOL")) {
            return Standing.OUT_OF_SCHOOL;
        }
        String status = studentText("registryStatus");
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
