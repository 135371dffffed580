package kcbx.obligation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under test-fixtures/obligations is a GET /v1/obligations query and the obligations
 * it must list: each expected one matched by the fields given, {@code count} exact when given,
 * {@code absentCodes} absent, {@code warnings} codes present.
 */
@MicronautTest(transactional = false)
@Tag("db")
class ObligationScenarioTest {
    static final Path SCENARIOS = Path.of("test-fixtures", "obligations");

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

    static String query(Map<String, Object> request) {
        return request.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @SuppressWarnings("unchecked")
    void scenarioHoldsOverHttp(String file) throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, Object> scenario = http.read(Files.readString(SCENARIOS.resolve(file)));
        Map<String, Object> expect = (Map<String, Object>) scenario.get("expect");
        HttpCalls.Reply reply = http.get("/v1/obligations?" + query((Map<String, Object>) scenario.get("request")));
        assertEquals(200, reply.status(), () -> file + ": " + reply.body());
        List<Map<String, Object>> listed = (List<Map<String, Object>>) reply.json().get("obligations");
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) expect.getOrDefault("obligations", List.of())) {
            boolean found = listed.stream().anyMatch(o -> e.entrySet().stream()
                    .allMatch(kv -> Objects.equals(kv.getValue(), o.get(kv.getKey()))));
            if (!found) {
                failures.add("no obligation matches " + e);
            }
        }
        if (expect.get("count") instanceof Number n && n.intValue() != listed.size()) {
            failures.add(listed.size() + " obligations listed, expected " + n);
        }
        for (Object code : (List<Object>) expect.getOrDefault("absentCodes", List.of())) {
            if (listed.stream().anyMatch(o -> code.equals(o.get("code")))) {
                failures.add(code + " is listed but must not be");
            }
        }
        List<Object> warnings = ((List<Map<String, Object>>) reply.json().get("warnings")).stream()
                .map(w -> w.get("code")).toList();
        for (Object code : (List<Object>) expect.getOrDefault("warnings", List.of())) {
            if (!warnings.contains(code)) {
                failures.add("warning " + code + " missing");
            }
        }
        for (Map<String, Object> o : listed) {
            if (o.get("citation") == null || o.get("responsible") == null || o.get("dueDate") == null) {
                failures.add("obligation without citation, responsible or due date: " + o);
            }
        }
        if (!failures.isEmpty()) {
            fail(file + " (" + scenario.get("description") + "):\n  " + String.join("\n  ", failures)
                    + "\n  listed: " + reply.body());
        }
    }
}
