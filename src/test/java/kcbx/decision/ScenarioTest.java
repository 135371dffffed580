package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import kcbx.ruleset.ActiveRuleset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import kcbx.publishing.ScenarioExpectations;

/**
 * Every scenario file under test-fixtures/scenarios goes through the real HTTP API and the real
 * database: the decision must hold what the file expects, and reading it back by id must give
 * the same decision.
 */
@MicronautTest(transactional = false)
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioTest {
    /** Rule ids fired by any scenario, for the coverage report. */
    private final Set<String> fired = ConcurrentHashMap.newKeySet();

    @Inject
    ActiveRuleset rulesets;

    static final Path SCENARIOS = Path.of("test-fixtures", "scenarios");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> walk = Files.walk(SCENARIOS)) {
            List<String> files = walk.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> SCENARIOS.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            if (files.isEmpty()) {
                fail("no scenario files under " + SCENARIOS);
            }
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @SuppressWarnings("unchecked")
    void scenarioHoldsOverHttp(String file) throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, Object> scenario = http.read(Files.readString(SCENARIOS.resolve(file)));
        Map<String, Object> expect = (Map<String, Object>) scenario.getOrDefault("expect", Map.of());
        HttpCalls.Reply reply = http.post("/v1/decisions", http.write(scenario.get("request")));
        assertEquals(200, reply.status(), () -> file + ": " + reply.body());
        Map<String, Object> decision = reply.json();
        ((List<?>) decision.get("firedRules")).forEach(r -> fired.add(r.toString()));
        List<String> failures = new ArrayList<>();
        ScenarioExpectations.check(expect, decision, failures);
        if (!failures.isEmpty()) {
            fail(file + " (" + scenario.get("description") + "):\n  " + String.join("\n  ", failures)
                    + "\n  decision: " + reply.body());
        }
        HttpCalls.Reply stored = http.get("/v1/decisions/" + decision.get("decisionId"));
        assertEquals(200, stored.status());
        assertEquals(decision, stored.json(), "the stored decision is the one returned");
        if (!((List<?>) decision.get("flags")).isEmpty()) {
            assertFalse(((List<?>) decision.get("firedRules")).isEmpty(), "a flag comes from a rule that fired");
        }
        assertTrue(decision.get("rulesetVersion").toString().matches("[0-9a-f]{64}"));
    }

    /**
     * The rule-coverage report: every rule of every profile must be fired by some scenario, or
     * nobody has shown it does what its clause says. Written to target/rule-coverage.txt.
     */
    @AfterAll
    void everyRuleIsFiredBySomeScenario() throws IOException {
        Map<String, String> all = new TreeMap<>();
        for (var profile : rulesets.get().profiles().values()) {
            for (KiePackage pkg : profile.kieBase().getKiePackages()) {
                for (Rule rule : pkg.getRules()) {
                    all.putIfAbsent(String.valueOf(rule.getMetaData().get("id")),
                            profile.definition().id() + ": " + rule.getName());
                }
            }
        }
        // registry reconciliation and dated obligations never fire for one student: their own
        // scenario runners (kcbx.reconciliation, kcbx.obligation) check their coverage
        all.keySet().removeIf(id -> id.startsWith("reconciliation.") || id.startsWith("obligations."));
        List<String> unfired = all.entrySet().stream().filter(e -> !fired.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        StringBuilder report = new StringBuilder("Rule coverage: " + (all.size() - unfired.size()) + " of "
                + all.size() + " rules fired by the scenarios\n");
        unfired.forEach(u -> report.append("  not fired: ").append(u).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "rule-coverage.txt"), report);
        System.out.print(report);
        assertTrue(unfired.isEmpty(), report.toString());
    }
}
