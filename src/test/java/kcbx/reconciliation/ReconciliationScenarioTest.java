package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under test-fixtures/reconciliations goes through POST /v1/reconciliations and the
 * real database: the findings must be what the file expects, and the stored reconciliation read
 * back by id must be the one returned.
 */
@MicronautTest(transactional = false)
@Tag("db")
class ReconciliationScenarioTest {
    static final Path SCENARIOS = Path.of("test-fixtures", "reconciliations");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            if (names.isEmpty()) {
                fail("no scenario files under " + SCENARIOS);
            }
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @SuppressWarnings("unchecked")
    void scenarioHoldsOverHttp(String file) throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, Object> scenario = http.read(Files.readString(SCENARIOS.resolve(file)));
        HttpCalls.Reply reply = http.post("/v1/reconciliations", http.write(scenario.get("request")));
        assertEquals(200, reply.status(), () -> file + ": " + reply.body());
        Map<String, Object> result = reply.json();
        List<String> failures = new ArrayList<>();
        FindingExpectations.check((Map<String, Object>) scenario.get("expect"), result, failures);
        if (!failures.isEmpty()) {
            fail(file + " (" + scenario.get("description") + "):\n  " + String.join("\n  ", failures)
                    + "\n  reconciliation: " + reply.body());
        }
        for (Map<String, Object> f : (List<Map<String, Object>>) result.get("findings")) {
            assertTrue(f.get("ruleId") != null && f.get("citation") != null, "every finding names its rule and clause");
        }
        HttpCalls.Reply stored = http.get("/v1/reconciliations/" + result.get("reconciliationId"));
        assertEquals(200, stored.status());
        assertEquals(result, stored.json(), "the stored reconciliation is the one returned");
    }
}
