package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import kcbx.engine.RulesetSource;
import kcbx.decision.HttpCalls;
import kcbx.ruleset.ActiveRuleset;
import kcbx.ruleset.RulesetPointer;
import kcbx.ruleset.RulesetArchive;
import kcbx.system.ConfiguredFolder;
import org.junit.jupiter.api.Test;

/**
 * A service whose scenario and fixture settings name folders that are not where it was started
 * (the working directory of {@code mvn mn:run}, or a jar started elsewhere) still publishes with
 * its own scenarios and still counts exercised clauses: a missing folder falls back to the copy the
 * build put in the jar, instead of a 500 on POST /v1/rulesets.
 */
@MicronautTest(transactional = false)
@Property(name = "kcbx.scenarios.path", value = "not/where/the/service/started/scenarios")
@Property(name = "kcbx.fixtures.path", value = "not/where/the/service/started")
class FoldersAwayFromTheRepositoryTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    ActiveRuleset active;

    @Test
    void publishingWithoutScenariosRunsTheCopyInTheJarWhenTheConfiguredFolderIsAbsent() throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        String original = active.get().version();
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\n# folders test " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
        int shipped = ScenarioRunner.read(Path.of("test-fixtures/scenarios")).size();
        try {
            HttpCalls.Reply pub = http.post("/v1/rulesets", http.write(Map.of("files", RulesetPublishTest.asJson(files),
                    "reason", "published from a service started away from the repository")));
            assertEquals(200, pub.status(), pub.body());
            assertTrue(((Number) pub.json().get("scenariosRun")).intValue() >= shipped, pub.body());
            assertEquals(pub.json().get("scenariosRun"), pub.json().get("scenariosPassed"), pub.body());
        } finally {
            assertEquals(200, http.post("/v1/rulesets", http.write(Map.of("rulesetVersion", original,
                    "reason", "roll back"))).status());
        }
    }

    @Test
    void theClauseRegisterStillCountsExercisedClauses() {
        HttpCalls.Reply r = new HttpCalls(client, json).get("/v1/profiles/helan/clauses");
        assertEquals(200, r.status(), r.body());
        assertEquals(true, r.json().get("fixturesFound"), r.body());
        assertTrue(((Number) ((Map<?, ?>) r.json().get("counts")).get("exercised")).intValue() > 0, r.body());
    }

    @Test
    void aRelativeSettingIsResolvedAgainstTheWorkingDirectoryAsTheRulesFolderIs() throws IOException {
        assertEquals(Path.of("rules").toAbsolutePath().normalize(), ConfiguredFolder.resolve("rules").orElseThrow());
        assertEquals(Path.of("test-fixtures/scenarios").toAbsolutePath(),
                ConfiguredFolder.orBundled("x", "test-fixtures/scenarios", "", getClass(), "nowhere"));
        // a folder inside a jar is read through the jar's own file system
        Path inJar = ConfiguredFolder.bundled(Test.class, "org/junit/jupiter/api");
        assertTrue(Files.isDirectory(inJar), inJar.toUri().toString());
        try (var list = Files.list(inJar)) {
            assertTrue(list.anyMatch(p -> p.getFileName().toString().equals("Test.class")));
        }
    }
}
