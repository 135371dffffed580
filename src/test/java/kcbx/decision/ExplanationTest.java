package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A flag or action names the rule that made it, where that rule is written, and the facts it matched. */
@MicronautTest(transactional = false)
@Tag("db")
class ExplanationTest {
    private static final String REQUEST = """
            {"profile":"helan","asOf":"2025-09-10",
             "student":{"id":"explain-1","nationalId":"110105201503070021","name":"王小明","schoolId":"sch-x","grade":4},
             "interventions":[{"date":"2025-09-08","type":"HOME_VISIT"}],
             "attendance":[{"date":"2025-09-05","status":"PRESENT"},
                           {"date":"2025-09-08","status":"ABSENT_UNEXCUSED"},
                           {"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                           {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    @SuppressWarnings("unchecked")
    void suspectedDropoutNamesItsRuleFileLineAndTheThreeAbsences() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        HttpCalls.Reply r = http.post("/v1/decisions", REQUEST);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> flag = ((List<Map<String, Object>>) r.json().get("flags")).stream()
                .filter(f -> f.get("code").equals("SUSPECTED_DROPOUT")).findFirst().orElseThrow();
        Map<String, Object> e = (Map<String, Object>) flag.get("explanation");
        assertEquals("baseline/attendance-escalation.drl", e.get("ruleFile"));
        assertEquals("Suspected dropout after the profile's number of school days absent", e.get("ruleName"));
        List<String> lines = Files.readAllLines(Path.of("rules", "baseline", "attendance-escalation.drl"));
        assertTrue(lines.get(((Number) e.get("ruleLine")).intValue() - 1)
                .startsWith("rule \"Suspected dropout after the profile's number of school days absent\""), e::toString);
        assertEquals("helan 一(四)", flag.get("citation"));

        List<Map<String, Object>> facts = (List<Map<String, Object>>) e.get("matchedFacts");
        Map<String, Object> streak = facts.stream().filter(f -> f.get("type").equals("AbsenceStreak")).findFirst()
                .orElseThrow(() -> new AssertionError("no AbsenceStreak in " + facts));
        assertEquals(Map.of("dates", "2025-09-08, 2025-09-09, 2025-09-10", "length", "3"), streak.get("values"));
        // the on-roll fact derived once (school-roll.drl) still shows the registry status that put the child there
        assertTrue(facts.stream().anyMatch(f -> f.get("type").equals("OnSchoolRoll")
                && ((Map<String, Object>) f.get("values")).get("registryStatus").equals("ENROLLED")), facts::toString);

        // an action explains itself through the flag it followed from
        Map<String, Object> notify = ((List<Map<String, Object>>) r.json().get("actions")).stream()
                .filter(a -> a.get("code").equals("NOTIFY_TOWNSHIP")).findFirst().orElseThrow();
        List<Map<String, Object>> actionFacts = (List<Map<String, Object>>) ((Map<String, Object>) notify
                .get("explanation")).get("matchedFacts");
        assertTrue(actionFacts.contains(Map.of("type", "Flag",
                "values", Map.of("code", "SUSPECTED_DROPOUT", "since", "2025-09-10"))), actionFacts::toString);

        String explanations = http.write(r.json().get("flags")) + http.write(r.json().get("actions"));
        assertFalse(explanations.contains("王小明"), "no name in an explanation");
        assertFalse(explanations.contains("110105201503070021"), "no national ID in an explanation");
    }
}
