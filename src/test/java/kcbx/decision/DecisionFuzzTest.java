package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * Bad input, tried hard, on every write endpoint of the service (today only POST /v1/decisions;
 * replay, reconciliation and rule-set publishing are to be added here when they exist). At least
 * 10,000 generated requests per endpoint, from a fixed seed: valid ones, ones with a known wrong
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
    static final int CLIENTS = 3;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    private record Outcome(RequestFuzzer.Case c, int status, String contentType, String body) {
    }

    @Test
    void tenThousandGeneratedRequestsNeverBreakTheServiceOrItsRecords() throws Exception {
        RequestFuzzer fuzzer = new RequestFuzzer(SEED, this::write);
        String token = TestCredentials.defaultToken();
        URI uri = server.getURI().resolve("/v1/decisions");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long lastIdBefore = lastId();

        Map<String, AtomicInteger> kinds = new TreeMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> answeredIds = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            clients.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    RequestFuzzer.Case c = fuzzer.next(i);
                    synchronized (kinds) {
                        kinds.computeIfAbsent(c.kind(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    Outcome o = send(http, uri, token, c);
                    statuses.computeIfAbsent(o.status(), k -> new AtomicInteger()).incrementAndGet();
                    String problem = check(o, answeredIds);
                    if (problem == null && o.status() == 200) {
                        problem = readBack(http, uri, token, o.body());
                    }
                    if (problem != null && failures.size() < 20) {
                        failures.add("case " + i + " (" + c.kind() + "): " + problem);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Fuzz POST /v1/decisions: %d requests in %.1f s (%.0f/s, %d clients), seed %d%n  kinds %s%n"
                        + "  statuses %s%n", REQUESTS, seconds, REQUESTS / seconds, CLIENTS, SEED, kinds, new TreeMap<>(statuses));
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        Set<String> stored = storedSince(lastIdBefore);
        Set<String> storedNotAnswered = new HashSet<>(stored);
        storedNotAnswered.removeAll(answeredIds);
        Set<String> answeredNotStored = new HashSet<>(answeredIds);
        answeredNotStored.removeAll(stored);
        assertEquals(Set.of(), answeredNotStored, "every decision answered 200 is stored");
        assertEquals(Set.of(), storedNotAnswered, "nothing is stored that was not answered 200");
        assertTrue(REQUESTS >= 10_000 && kinds.get("valid").get() > 2_000 && kinds.get("oversized").get() >= 20,
                "the mix must hold thousands of valid requests and some oversized ones: " + kinds);
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
        Outcome o = send(HttpClient.newHttpClient(), server.getURI().resolve("/v1/decisions"), TestCredentials.defaultToken(),
                new RequestFuzzer.Case("limits", body, RequestFuzzer.Expect.DECIDED, null, null));
        System.out.printf("A request at every contract limit: %d bytes compact, %d bytes loose; limit %d%n",
                write(request).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, body.length, RequestFuzzer.MAX_BODY);
        assertEquals(200, o.status(), o.body());
        assertTrue(body.length < RequestFuzzer.MAX_BODY / 4, "the limit leaves room: " + body.length);
    }

    /** What is wrong with one answer, or null when it is as it must be. */
    @SuppressWarnings("unchecked")
    private String check(Outcome o, Set<String> answeredIds) {
        RequestFuzzer.Case c = o.c();
        if (o.status() >= 500 || o.status() < 200) {
            return "status " + o.status() + ": " + abbreviate(o.body());
        }
        Map<String, Object> body;
        try {
            body = json.readValue(o.body(), Map.class);
        } catch (IOException | RuntimeException e) {
            return "status " + o.status() + " with a body that is not JSON: " + abbreviate(o.body());
        }
        if (o.status() == 200) {
            answeredIds.add(String.valueOf(body.get("decisionId")));
            return c.expect() == RequestFuzzer.Expect.DECIDED || c.expect() == RequestFuzzer.Expect.ANY ? null
                    : "decided although it expected " + c.expect() + " naming " + c.field();
        }
        if (!o.contentType().startsWith("application/problem+json")) {
            return "status " + o.status() + " as " + o.contentType();
        }
        List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
        if (body.get("code") == null || body.get("detail") == null || errors == null || errors.isEmpty()
                || errors.stream().anyMatch(e -> e.get("field") == null || e.get("field").toString().isEmpty()
                || e.get("message") == null)) {
            return "a problem that does not name what is wrong: " + abbreviate(o.body());
        }
        return switch (c.expect()) {
            case DECIDED -> "refused a valid request: " + abbreviate(o.body());
            case TOO_LARGE -> o.status() == 413 && "payload_too_large".equals(body.get("code")) ? null
                    : "oversized body answered " + o.status() + ": " + abbreviate(o.body());
            case REFUSED -> o.status() != 400 ? "answered " + o.status() + " instead of 400: " + abbreviate(o.body())
                    : c.code() != null && !c.code().equals(body.get("code")) ? "code " + body.get("code") + " instead of " + c.code()
                    : c.field() != null && errors.stream().noneMatch(e -> c.field().equals(e.get("field")))
                    ? "does not name " + c.field() + ": " + abbreviate(o.body()) : null;
            case ANY -> o.status() == 400 || o.status() == 413 ? null : "answered " + o.status() + ": " + abbreviate(o.body());
        };
    }

    /** A decided request's decision, read back by its id, is the one that was returned. */
    @SuppressWarnings("unchecked")
    private String readBack(HttpClient http, URI uri, String token, String returned) {
        try {
            Map<String, Object> decision = json.readValue(returned, Map.class);
            HttpRequest get = HttpRequest.newBuilder(URI.create(uri + "/" + decision.get("decisionId")))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && json.readValue(r.body(), Map.class).equals(decision) ? null
                    : "read back as " + r.statusCode() + ": " + abbreviate(r.body()) + " instead of " + abbreviate(returned);
        } catch (IOException e) {
            return "read back failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Outcome send(HttpClient http, URI uri, String token, RequestFuzzer.Case c) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(c, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            return new Outcome(c, -1, "", "no response: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(c, -1, "", "interrupted");
        }
    }

    private long lastId() throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM decision_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<String> storedSince(long id) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT decision_id FROM decision_record WHERE id > " + id)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
