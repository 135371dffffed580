package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import kcbx.decision.RequestFuzzer.Case;

/**
 * Sends a fuzzer's cases to one write endpoint from a few clients at once and checks every
 * answer: never a 5xx, every 4xx an application/problem+json with a code and, for a 400 or 413,
 * the fields that are wrong; each case's expectation met. A 2xx answer is handed to the
 * endpoint's own check (what it says, what it created). Prints the figures with the seed.
 */
final class FuzzRun {
    /** One answer. */
    record Outcome(Case c, int status, String contentType, String body) {
    }

    /** The endpoint's check of a 2xx answer: what is wrong with it, or null. */
    interface Success {
        String check(Outcome o, Map<String, Object> json);
    }

    /** What a run sent and got. */
    record Figures(int requests, double seconds, Map<String, Integer> kinds, Map<Integer, Integer> statuses) {
        int kind(String name) {
            return kinds.getOrDefault(name, 0);
        }
    }

    static final int CLIENTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI server;
    private final String token;
    private final JsonMapper json;

    FuzzRun(URI server, String token, JsonMapper json) {
        this.server = server;
        this.token = token;
        this.json = json;
    }

    /**
     * Sends cases 0..requests-1 to {@code POST path} (unless a case names another target) as
     * {@code mediaType} (unless it names another) and fails with the first twenty wrong answers.
     */
    Figures run(String path, String mediaType, RequestFuzzer fuzzer, int requests, long seed, Success success)
            throws Exception {
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            clients.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    Case c = fuzzer.next(i);
                    kinds.computeIfAbsent(c.kind(), k -> new AtomicInteger()).incrementAndGet();
                    Outcome o = send(c.target() == null ? path : c.target(), c.mediaType() == null ? mediaType : c.mediaType(), c);
                    statuses.computeIfAbsent(o.status(), k -> new AtomicInteger()).incrementAndGet();
                    String problem = check(o, success);
                    if (problem != null && failures.size() < 20) {
                        failures.add("case " + i + " (" + c.kind() + "): " + problem);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Figures figures = new Figures(requests, seconds, counts(kinds), counts(statuses));
        System.out.printf("Fuzz POST %s: %d requests in %.1f s (%.0f/s, %d clients), seed %d%n  kinds %s%n  statuses %s%n",
                path, requests, seconds, requests / seconds, CLIENTS, seed, figures.kinds(), figures.statuses());
        assertTrue(failures.isEmpty(), "POST " + path + ", seed " + seed + ":\n" + String.join("\n", failures));
        return figures;
    }

    private Outcome send(String path, String mediaType, Case c) {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", mediaType).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(c, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            return new Outcome(c, -1, "", "no response: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(c, -1, "", "interrupted");
        }
    }

    /** What is wrong with one answer, or null when it is as it must be. */
    private String check(Outcome o, Success success) {
        Case c = o.c();
        if (o.status() >= 500 || o.status() < 200) {
            return "status " + o.status() + ": " + abbreviate(o.body());
        }
        if (o.status() < 300) {
            if (c.expect() != RequestFuzzer.Expect.DECIDED && c.expect() != RequestFuzzer.Expect.ANY) {
                return "answered " + o.status() + " although it expected " + c.expect() + " naming " + c.field() + ": "
                        + abbreviate(o.body());
            }
            Map<String, Object> body = o.contentType().startsWith("application/json") ? read(o.body()) : Map.of();
            return body == null ? "status " + o.status() + " with a body that is not JSON: " + abbreviate(o.body())
                    : success.check(o, body);
        }
        if (!o.contentType().startsWith("application/problem+json")) {
            return "status " + o.status() + " as " + o.contentType() + ": " + abbreviate(o.body());
        }
        Map<String, Object> body = read(o.body());
        String defect = body == null ? "not JSON" : problemDefect(body, o.status());
        if (defect != null) {
            return "a problem that " + defect + ": " + abbreviate(o.body());
        }
        return switch (c.expect()) {
            case DECIDED -> "refused a valid request: " + abbreviate(o.body());
            case TOO_LARGE -> o.status() == 413 && "payload_too_large".equals(body.get("code")) ? null
                    : "oversized body answered " + o.status() + ": " + abbreviate(o.body());
            case REFUSED -> refusal(c, o.status(), body);
            case ANY -> null;
        };
    }

    /** What a refusal lacks against the case's expectation, or null. */
    @SuppressWarnings("unchecked")
    static String refusal(Case c, int status, Map<String, Object> problem) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
        if (status != c.status()) {
            return "answered " + status + " instead of " + c.status() + ": " + problem;
        }
        if (c.code() != null && !c.code().equals(problem.get("code"))) {
            return "code " + problem.get("code") + " instead of " + c.code() + ": " + problem;
        }
        return c.field() != null && errors.stream().noneMatch(e -> c.field().equals(e.get("field")))
                ? "does not name " + c.field() + ": " + problem : null;
    }

    /**
     * What keeps a problem from naming what is wrong, or null: it has a code and a detail, and a
     * 400 or 413 lists the offending fields, each with a message. A problem of status 500 or more
     * is a defect wherever it appears (a batch item's included).
     */
    @SuppressWarnings("unchecked")
    static String problemDefect(Map<String, Object> problem, int status) {
        if (status >= 500 || problem.get("status") instanceof Number n && n.intValue() >= 500) {
            return "is a server error";
        }
        if (problem.get("code") == null || problem.get("detail") == null) {
            return "has no code or detail";
        }
        Object errors = problem.get("errors");
        boolean named = errors instanceof List<?> list && !list.isEmpty() && ((List<Map<String, Object>>) list).stream()
                .allMatch(e -> e.get("field") != null && !e.get("field").toString().isEmpty() && e.get("message") != null);
        return (status == 400 || status == 413) && !named ? "does not name the offending field" : null;
    }

    /** The highest id of a table's rows (0 when empty): what a run creates has a higher one. */
    static long lastId(DataSource dataSource, String table) throws SQLException {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One column of the table's rows created after {@code id}. */
    static Set<String> since(DataSource dataSource, String table, String column, long id) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE id > " + id)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    private static <K> Map<K, Integer> counts(Map<K, AtomicInteger> counts) {
        Map<K, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
