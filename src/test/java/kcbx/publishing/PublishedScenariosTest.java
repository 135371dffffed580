package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;
import kcbx.audit.PlainSql;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenarios sent with a publication are stored with the version and bind every later publication:
 * a candidate that breaks one is refused naming it though its own request leaves it out or sends
 * others; replacing one takes sending it again under its path, which is stored and chained with
 * the credential that did it; a roll back brings back the scenarios of the version rolled back to.
 */
@MicronautTest(transactional = false)
@Tag("db")
// the service's own scenarios: one that the two-day candidate also passes (the shipped ones refuse it)
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios")
class PublishedScenariosTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    ActiveRuleset active;

    @Inject
    Credentials credentials;

    @Inject
    DataSource dataSource;

    /** Two unexcused school days in helan are not yet a suspected dropout (the threshold is three). */
    static String notYet() {
        return """
                {"description": "two unexcused school days are not yet a suspected dropout",
                 "request": {"profile": "helan", "asOf": "2025-09-10",
                   "student": {"id": "stored-1", "schoolId": "school-1", "grade": 7},
                   "attendance": [{"date": "2025-09-08", "status": "PRESENT"},
                                  {"date": "2025-09-09", "status": "ABSENT_UNEXCUSED"},
                                  {"date": "2025-09-10", "status": "ABSENT_UNEXCUSED"}]},
                 "expect": {"absentFlags": ["SUSPECTED_DROPOUT"]}}
                """;
    }

    /** The files with a comment line added to helan's parameters: another version of the same rules. */
    static Map<String, byte[]> marked(Map<String, byte[]> files, String mark) {
        Map<String, byte[]> out = new TreeMap<>(files);
        out.put("helan/parameters.yaml", (new String(out.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\n# " + mark + "\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScenarioStoredWithAnEarlierVersionBindsEveryLaterPublication() throws Exception {
        IssuedCredential editorCredential = credentials.issue("stored scenarios editor", List.of(Role.POLICY_EDITOR), List.of());
        HttpCalls editor = new HttpCalls(client, json).as(editorCredential.token());
        String original = active.get().version();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String path = "stored/" + run + "/helan-two-days-not-yet.json";
        Map<String, byte[]> a = marked(RulesetSource.fromDirectory(Path.of("rules")).files(), "version A " + run);
        Map<String, byte[]> b = marked(RulesetPublishTest.twoDayCandidate(), "version B " + run);
        String versionA = new RulesetSource(a).version();
        String versionB = new RulesetSource(b).version();
        try {
            HttpCalls.Reply pubA = editor.post("/v1/rulesets", editor.write(Map.of("files", RulesetPublishTest.asJson(a),
                    "scenarios", List.of(Map.of("path", path, "content", notYet())), "reason", "A with scenario S")));
            assertEquals(200, pubA.status(), pubA.body());
            assertEquals(pubA.json().get("scenariosRun"), pubA.json().get("scenariosPassed"));

            // B breaks S: refused naming S, whether it sends no scenario or only others
            for (Map<String, Object> body : List.<Map<String, Object>>of(
                    Map.of("files", RulesetPublishTest.asJson(b), "reason", "B without S"),
                    Map.of("files", RulesetPublishTest.asJson(b), "scenarios", RulesetPublishTest.twoDayScenario(),
                            "reason", "B with a scenario of its own choosing"))) {
                HttpCalls.Reply refused = editor.post("/v1/rulesets", editor.write(body));
                assertEquals(422, refused.status(), refused.body());
                assertEquals("scenarios_failed", refused.json().get("code"));
                List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.json().get("errors");
                assertEquals(List.of(path), errors.stream().map(e -> e.get("field")).toList(), refused.body());
                assertTrue(errors.get(0).get("message").toString().startsWith("stored with rule set version "
                        + versionA.substring(0, 12) + ": flag SUSPECTED_DROPOUT"), refused.body());
                assertTrue(refused.json().get("detail").toString().contains("1 of those stored with earlier versions"),
                        refused.body());
            }
            assertEquals(versionA, active.get().version());
            assertEquals(404, editor.get("/v1/rulesets/" + versionB).status(), "a refused candidate is not stored");

            // replacing S takes sending it again under its path: stored with B and chained with who did it
            String replaced = notYet().replace("\"expect\": {\"absentFlags\": [\"SUSPECTED_DROPOUT\"]}",
                    "\"expect\": {\"flags\": [{\"code\": \"SUSPECTED_DROPOUT\"}]}");
            assertTrue(replaced.contains("\"flags\": [{"), replaced);
            HttpCalls.Reply pubB = editor.post("/v1/rulesets", editor.write(Map.of("files", RulesetPublishTest.asJson(b),
                    "scenarios", List.of(Map.of("path", path, "content", replaced)), "reason", "B replaces S")));
            assertEquals(200, pubB.status(), pubB.body());
            assertEquals(replaced, stored(versionB, path, "content"));
            assertEquals(versionB, stored(versionB, path, "first_version"));
            assertEquals(notYet(), stored(versionA, path, "content"));
            assertEquals("credential:" + editorCredential.credentialId(), stored(versionB, path, "stored_by"));
            assertEquals("credential:" + editorCredential.credentialId(), chainedStore(versionB));

            // rolling back to A brings back A's scenarios: a new two-day version is refused naming S again
            assertEquals(200, editor.post("/v1/rulesets", editor.write(Map.of("rulesetVersion", versionA,
                    "reason", "back to A"))).status());
            Map<String, byte[]> b2 = marked(RulesetPublishTest.twoDayCandidate(), "version B2 " + run);
            HttpCalls.Reply again = editor.post("/v1/rulesets", editor.write(Map.of("files",
                    RulesetPublishTest.asJson(b2), "reason", "B2 without S")));
            assertEquals(422, again.status(), again.body());
            assertEquals(path, ((List<Map<String, Object>>) again.json().get("errors")).get(0).get("field"));
        } finally {
            HttpCalls.Reply back = editor.post("/v1/rulesets", editor.write(Map.of("rulesetVersion", original,
                    "reason", "roll back")));
            assertEquals(200, back.status(), back.body());
        }
        assertEquals(original, active.get().version());
    }

    private String stored(String version, String path, String column) throws Exception {
        String v = new PlainSql(dataSource).text("SELECT " + column + " FROM ruleset_scenario WHERE version = ?"
                + " AND path = ? ORDER BY id DESC", version, path);
        assertTrue(v != null, "a scenario " + path + " is stored with " + version);
        return v;
    }

    private String chainedStore(String version) throws Exception {
        String actor = new PlainSql(dataSource).text("SELECT e.acted_by FROM admin_event e JOIN audit_chain a"
                + " ON a.record_type = 'admin_event' AND a.record_id = e.event_id"
                + " WHERE e.kind = 'ruleset_scenarios_stored' AND e.detail_json LIKE ?", "%" + version + "%");
        assertTrue(actor != null, "storing the scenarios of " + version + " is a record of the audit chain");
        return actor;
    }
}
