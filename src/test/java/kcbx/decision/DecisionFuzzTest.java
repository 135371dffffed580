package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * Bad input, tried hard, on POST /v1/decisions (the other write endpoints: WriteEndpointsFuzzTest).
 * At least 10,000 generated requests, from a fixed seed: valid ones, ones with a known wrong
 * field (wrong types, unknown enums and fields, dates in year 0000 and 9999, missing or null
 * fields, huge arrays, deep nesting, duplicated keys, numbers too large), odd Unicode, bodies
 * over the size limit, and byte-level mutations. The service must never answer 5xx, must name
 * what is wrong in a problem+json, refuse oversized bodies with 413, and hold afterwards exactly
 * the decisions it answered 200 for, each read back as it was returned. Runs in the default
 * (H2) run only; prints its figures.
 */
@MicronautTest(transactional = false)
class DecisionFuzzTest {
    static final long SEED = 20251124L;
    static final int REQUESTS = 10_200;
    private static final HttpClient READER = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Value("${kcbx.request.max-body-bytes}")
    int maxBody;

    @Test
    void tenThousandGeneratedRequestsNeverBreakTheServiceOrItsRecords() throws Exception {
        RequestFuzzer fuzzer = new RequestFuzzer(SEED, new DecisionRequests(this::write, maxBody), RequestFuzzer.Mix.DECISIONS,
                null);
        FuzzRun run = new FuzzRun(server.getURI(), TestCredentials.defaultToken(), json);
        long lastIdBefore = FuzzRun.lastId(dataSource, "decision_record");
        Set<String> answeredIds = ConcurrentHashMap.newKeySet();
        FuzzRun.Figures figures = run.run("/v1/decisions", "application/json", fuzzer, REQUESTS, SEED, (o, decision) -> {
            answeredIds.add(String.valueOf(decision.get("decisionId")));
            return readBack(decision);
        });

        Set<String> stored = FuzzRun.since(dataSource, "decision_record", "decision_id", lastIdBefore);
        Set<String> storedNotAnswered = new HashSet<>(stored);
        storedNotAnswered.removeAll(answeredIds);
        Set<String> answeredNotStored = new HashSet<>(answeredIds);
        answeredNotStored.removeAll(stored);
        assertEquals(Set.of(), answeredNotStored, "every decision answered 200 is stored");
        assertEquals(Set.of(), storedNotAnswered, "nothing is stored that was not answered 200");
        assertTrue(REQUESTS >= 10_000 && figures.kind("valid") > 2_000 && figures.kind("oversized") >= 20,
                "the mix must hold thousands of valid requests and some oversized ones: " + figures.kinds());
    }

    /** The body limit refuses no legal request: one at every contract limit, written as loosely as JSON allows, is decided. */
    @Test
    void aRequestAtEveryContractLimitFitsUnderTheBodyLimit() throws Exception {
        java.time.LocalDate day = java.time.LocalDate.of(2025, 9, 10);
        List<Object> attendance = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            attendance.add(Map.of("date", day.minusDays(i).toString(), "status", "ABSENT_UNEXCUSED"));
        }
        List<Object> interventions = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            interventions.add(Map.of("date", day.minusDays(i).toString(), "type", "HOME_TEACHING_VISIT", "outcome", "UNREACHABLE"));
        }
        List<String> dates = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            dates.add(day.minusDays(i).toString());
        }
        String longest = "学".repeat(64);
        Map<String, Object> student = new java.util.LinkedHashMap<>();
        for (String f : List.of("id", "name", "schoolId", "className", "township", "village")) {
            student.put(f, longest);
        }
        student.putAll(Map.of("nationalId", "110105201503070021", "gender", "FEMALE", "birthDate", "2015-03-07",
                "grade", 9, "registryStatus", "TRANSFERRED_OUT", "returnedOn", "2025-01-01"));
        Map<String, Object> request = Map.of("profile", "zhongyang", "asOf", day.toString(), "student", student,
                "family", Map.of("poverty", "EXTREME_POVERTY_SUPPORT", "guardianship", "ADEQUATE", "leftBehind", true),
                "disability", Map.of("disabled", true, "severe", true, "placement", "REGULAR_CLASS"),
                "attendance", attendance, "interventions", interventions,
                "calendar", Map.of("termStart", "2025-09-01", "termEnd", "2026-01-20", "holidays", dates, "workdays", dates));
        StringBuilder loose = new StringBuilder();
        for (char ch : write(request).toCharArray()) {
            if (ch > 127) {
                loose.append(String.format("\\u%04x", (int) ch));
            } else {
                loose.append(ch).append(ch == ',' || ch == '{' || ch == '[' ? "\n        " : ch == ':' ? " " : "");
            }
        }
        byte[] body = loose.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestCredentials.defaultToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("A request at every contract limit: %d bytes compact, %d bytes loose; limit %d%n",
                write(request).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, body.length, maxBody);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(body.length < maxBody / 4, "the limit leaves room: " + body.length);
    }

    /** A decided request's decision, read back by its id, is the one that was returned. */
    private String readBack(Map<String, Object> decision) {
        try {
            HttpRequest get = HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions/" + decision.get("decisionId")))
                    .header("Authorization", "Bearer " + TestCredentials.defaultToken()).GET().build();
            HttpResponse<String> r = READER.send(get, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && json.readValue(r.body(), Map.class).equals(decision) ? null
                    : "read back as " + r.statusCode() + ": " + FuzzRun.abbreviate(r.body()) + " instead of " + decision;
        } catch (IOException e) {
            return "read back failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
