package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kcbx.ruleset.ActiveRuleset;
import kcbx.ruleset.RulesetArchive;
import kcbx.engine.RulesetSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A stored decision replays to the same decision under its own rule set version, and to the
 * differences under another archived version (what-if). Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class ReplayTest {
    private static final String THREE_DAYS = "attendance/three-days-suspected-dropout.json";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    RulesetArchive archive;

    @Inject
    ActiveRuleset active;

    HttpCalls http;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
    }

    private String decide(String scenario) throws Exception {
        Map<String, Object> s = http.read(Files.readString(ScenarioTest.SCENARIOS.resolve(scenario)));
        HttpCalls.Reply r = http.post("/v1/decisions", http.write(s.get("request")));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private HttpCalls.Reply replay(String decisionId, String body) {
        return http.post("/v1/decisions/" + decisionId + "/replay", body);
    }

    @Test
    void everyScenarioReplaysToTheSameDecision() throws Exception {
        Instant start = Instant.now().minusMillis(1);
        List<String> ids = new ArrayList<>();
        for (String scenario : ScenarioTest.scenarios().toList()) {
            ids.add(decide(scenario));
        }
        for (String id : ids) {
            HttpCalls.Reply r = replay(id, "");
            assertEquals(200, r.status(), r.body());
            assertEquals(true, r.json().get("reproduced"), r.body());
            assertEquals(List.of(), r.json().get("differences"));
            assertEquals(r.json().get("storedRulesetVersion"), r.json().get("replayedRulesetVersion"));
        }
        Map<String, Object> period = http.post("/v1/decisions/replay", """
                {"from":"%s","to":"%s"}""".formatted(start, Instant.now().plusSeconds(1))).json();
        assertEquals(ids.size(), ((Number) period.get("replayed")).intValue(), period::toString);
        assertEquals(ids.size(), ((Number) period.get("reproduced")).intValue(), period::toString);
        assertEquals(false, period.get("truncated"));
    }

    @Test
    void everythingTheSuiteStoredReproduces() throws Exception {
        decide(THREE_DAYS);
        HttpCalls.Reply r = http.post("/v1/decisions/replay", """
                {"from":"2000-01-01T00:00:00Z","to":"%s","limit":100000}""".formatted(Instant.now().plusSeconds(1)));
        assertEquals(200, r.status(), r.body());
        long replayed = ((Number) r.json().get("replayed")).longValue();
        assertTrue(replayed > 0);
        assertEquals(replayed, ((Number) r.json().get("reproduced")).longValue(), r.body());
        assertEquals(List.of(), r.json().get("notReproduced"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatIfUnderAnotherVersionShowsTheDifferencesFieldByField() throws Exception {
        String version = archiveWithFourDayThreshold();
        String id = decide(THREE_DAYS);

        HttpCalls.Reply r = replay(id, "{\"rulesetVersion\":\"" + version + "\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(false, r.json().get("reproduced"));
        assertEquals(version, r.json().get("replayedRulesetVersion"));
        assertEquals(active.get().version(), r.json().get("storedRulesetVersion"));
        List<Map<String, Object>> diffs = (List<Map<String, Object>>) r.json().get("differences");
        Map<String, Object> versionDiff = diffs.stream().filter(d -> d.get("field").equals("rulesetVersion"))
                .findFirst().orElseThrow();
        assertEquals("\"" + version + "\"", versionDiff.get("replayed"));
        assertTrue(diffs.stream().anyMatch(d -> d.get("field").equals("riskLevel")), diffs::toString);
        assertTrue(diffs.stream().anyMatch(d -> d.get("field").toString().startsWith("flags[")
                && String.valueOf(d.get("stored")).contains("SUSPECTED_DROPOUT")
                && !String.valueOf(d.get("replayed")).contains("SUSPECTED_DROPOUT")), diffs::toString);

        // the same facts under their own version still reproduce: the what-if changed nothing stored
        assertEquals(true, replay(id, "").json().get("reproduced"));

        HttpCalls.Reply period = http.post("/v1/decisions/replay", """
                {"from":"2000-01-01T00:00:00Z","to":"%s","rulesetVersion":"%s","limit":100000}"""
                .formatted(Instant.now().plusSeconds(1), version));
        long replayed = ((Number) period.json().get("replayed")).longValue();
        assertTrue(((Number) period.json().get("reproduced")).longValue() < replayed, period.body());
    }

    @Test
    void unknownVersionsAndDecisionsAreProblems() throws Exception {
        String id = decide(THREE_DAYS);
        HttpCalls.Reply v = replay(id, "{\"rulesetVersion\":\"" + "0".repeat(64) + "\"}");
        assertEquals(400, v.status(), v.body());
        assertEquals("unknown_ruleset_version", v.json().get("code"));
        assertTrue(v.body().contains("\"field\":\"rulesetVersion\""), v.body());

        HttpCalls.Reply d = replay("00000000-0000-0000-0000-000000000000", "");
        assertEquals(404, d.status());
        assertEquals("not_found", d.json().get("code"));

        HttpCalls.Reply bad = replay(id, "{\"rulesetVersion\":5}");
        assertEquals(400, bad.status());
        assertEquals("invalid_field", bad.json().get("code"));

        HttpCalls.Reply order = http.post("/v1/decisions/replay", "{\"from\":\"2025-01-02T00:00:00Z\",\"to\":\"2025-01-01T00:00:00Z\"}");
        assertEquals(400, order.status(), order.body());
        assertTrue(order.body().contains("\"field\":\"to\""), order.body());
    }

    /** The repository's rules with helan's suspected-dropout threshold raised to 4 days, archived. */
    private String archiveWithFourDayThreshold() throws Exception {
        Path root = Path.of("rules");
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        String params = new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8);
        files.put("helan/parameters.yaml", (params + "\nattendance.suspectedDropoutDays: 4\n")
                .getBytes(StandardCharsets.UTF_8));
        RulesetSource modified = new RulesetSource(files);
        assertNotEquals(active.get().version(), modified.version());
        archive.archive(modified, "ReplayTest", "helan suspected dropout after 4 days");
        assertTrue(archive.contains(modified.version()));
        assertFalse(modified.version().equals(active.get().version()));
        return modified.version();
    }
}
