package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kcbx.decision.HttpCalls;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A policy change changes what one of the service's own scenarios expects: publishing it without
 * that scenario is refused naming it, sending the scenario's new expectation under its path
 * publishes it (and stores the replacement with the version), and later publications are held to
 * the replacement, not to the shipped one; nothing is ever left out.
 */
@MicronautTest(transactional = false)
@Tag("db")
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios-own")
class OwnScenarioReplacedTest {

    private static final String PATH = "helan-two-days-not-yet.json";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    ActiveRuleset active;

    @Inject
    Credentials credentials;

    @Test
    @SuppressWarnings("unchecked")
    void aShippedScenarioIsReplacedOnlyBySendingItsNewExpectation() throws Exception {
        IssuedCredential editorCredential = credentials.issue("own scenario editor", List.of(Role.POLICY_EDITOR), List.of());
        HttpCalls editor = new HttpCalls(client, json).as(editorCredential.token());
        String original = active.get().version();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, byte[]> b = PublishedScenariosTest.marked(RulesetPublishTest.twoDayCandidate(), "two days " + run);
        Map<String, byte[]> b2 = PublishedScenariosTest.marked(RulesetPublishTest.twoDayCandidate(), "two days again " + run);
        String shipped = Files.readString(Path.of("src/test/resources/publish-scenarios-own", PATH));
        String changed = shipped.replace("\"expect\": {\"absentFlags\": [\"SUSPECTED_DROPOUT\"]}",
                "\"expect\": {\"flags\": [{\"code\": \"SUSPECTED_DROPOUT\"}]}");
        assertTrue(changed.contains("\"flags\": [{"), changed);
        try {
            HttpCalls.Reply refused = editor.post("/v1/rulesets", editor.write(Map.of("files",
                    RulesetPublishTest.asJson(b), "reason", "two days, the shipped scenario left as it is")));
            assertEquals(422, refused.status(), refused.body());
            List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.json().get("errors");
            assertEquals(1, errors.size(), refused.body());
            assertTrue(errors.get(0).get("field").toString().endsWith(PATH), refused.body());
            assertEquals(original, active.get().version());

            HttpCalls.Reply published = editor.post("/v1/rulesets", editor.write(Map.of("files",
                    RulesetPublishTest.asJson(b), "scenarios", List.of(Map.of("path", PATH, "content", changed)),
                    "reason", "two days, with the scenario's new expectation")));
            assertEquals(200, published.status(), published.body());
            assertEquals(new RulesetSource(b).version(), active.get().version());

            // the stored replacement, not the shipped scenario, holds the next publication
            HttpCalls.Reply next = editor.post("/v1/rulesets", editor.write(Map.of("files",
                    RulesetPublishTest.asJson(b2), "reason", "two days again, nothing sent")));
            assertEquals(200, next.status(), next.body());
            assertEquals(next.json().get("scenariosRun"), next.json().get("scenariosPassed"));
        } finally {
            HttpCalls.Reply back = editor.post("/v1/rulesets", editor.write(Map.of("rulesetVersion", original,
                    "reason", "roll back")));
            assertEquals(200, back.status(), back.body());
        }
    }
}
