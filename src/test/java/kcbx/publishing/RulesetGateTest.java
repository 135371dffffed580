package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import org.junit.jupiter.api.Test;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;

/**
 * The publication gate with the service's own scenarios (the copy of test-fixtures/scenarios the
 * build puts in the jar): a candidate that breaks one is refused naming it, whatever scenarios the
 * publisher sends or leaves out; and a publication records the calling credential as publishedBy,
 * not what the body says.
 */
@MicronautTest(transactional = false)
class RulesetGateTest {
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
    void aCandidateThatBreaksAServiceScenarioIsRefusedNamingItEvenWhenItsOwnScenariosPass() throws IOException {
        HttpCalls editor = editor("gate test editor").calls;
        String original = active.get().version();
        // a version of its own (a comment), so that no other test can have stored it before
        Map<String, byte[]> files = new TreeMap<>(RulesetPublishTest.twoDayCandidate());
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "# gate test " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
        // the scenarios of the repository this candidate breaks, found by running them here
        ScenarioRunner.Report expected = new ScenarioRunner(json).run(new RulesetCompiler().compile(
                new RulesetSource(files)), Path.of("test-fixtures/scenarios"));
        Set<String> breaks = expected.outcomes().stream().filter(o -> !o.passed())
                .map(o -> "test-fixtures/scenarios/" + o.file()).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertFalse(breaks.isEmpty(), "lowering helan's threshold to two days breaks scenarios of the repository");

        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("files", RulesetPublishTest.asJson(files), "scenarios", RulesetPublishTest.twoDayScenario(),
                        "publishedBy", "gate-test", "reason", "its own scenario passes"),
                Map.of("files", RulesetPublishTest.asJson(files), "publishedBy", "gate-test",
                        "reason", "no scenario of its own"))) {
            HttpCalls.Reply r = editor.post("/v1/rulesets", editor.write(body));
            assertEquals(422, r.status(), r.body());
            assertEquals("scenarios_failed", r.json().get("code"));
            Set<String> named = ((List<Map<String, Object>>) r.json().get("errors")).stream()
                    .map(e -> e.get("field").toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
            assertEquals(breaks.stream().limit(50).collect(Collectors.toSet()), named, r.body());
            assertTrue(r.json().get("detail").toString().contains(breaks.size() + " of the service's own"), r.body());
        }
        assertEquals(original, active.get().version());
        assertEquals(404, editor.get("/v1/rulesets/" + new RulesetSource(files).version()).status(),
                "a refused candidate is not stored");
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedByIsTheCallingCredentialWhateverTheBodySays() throws IOException {
        Editor first = editor("gate test publisher");
        Editor second = editor("gate test roll back");
        String original = active.get().version();
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\n# the same parameters, another version\n").getBytes(StandardCharsets.UTF_8));
        int shipped = ScenarioRunner.read(Path.of("test-fixtures/scenarios")).size();
        try {
            HttpCalls.Reply pub = first.calls.post("/v1/rulesets", first.calls.write(Map.of(
                    "files", RulesetPublishTest.asJson(files), "publishedBy", "someone else", "reason", "who is recorded")));
            assertEquals(200, pub.status(), pub.body());
            assertEquals("credential:" + first.issued.credentialId(), pub.json().get("publishedBy"));
            assertEquals(shipped, pub.json().get("scenariosRun"), "the service's own scenarios ran");
            assertEquals(shipped, pub.json().get("scenariosPassed"));
        } finally {
            HttpCalls.Reply back = second.calls.post("/v1/rulesets", second.calls.write(Map.of(
                    "rulesetVersion", original, "publishedBy", "gate-test", "reason", "roll back")));
            assertEquals(200, back.status(), back.body());
            assertEquals("credential:" + second.issued.credentialId(), back.json().get("publishedBy"));
        }
        List<Map<String, Object>> publications = (List<Map<String, Object>>) first.calls
                .get("/v1/rulesets/" + new RulesetSource(files).version()).json().get("publications");
        assertEquals("credential:" + first.issued.credentialId(), publications.get(0).get("publishedBy"));
        assertTrue(publications.stream().noneMatch(p -> "someone else".equals(p.get("publishedBy"))));
        assertEquals(original, active.get().version());
    }

    private record Editor(IssuedCredential issued, HttpCalls calls) {
    }

    private Editor editor(String label) {
        IssuedCredential c = credentials.issue(label, List.of(Role.POLICY_EDITOR), List.of());
        return new Editor(c, new HttpCalls(client, json).as(c.token()));
    }
}
