package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database freezes (SIGSTOP: its port still accepts connections, nothing answers) while
 * clients submit and read decisions, with the service's own default timeouts (the URL sets none).
 * A request that arrives once the server froze is answered 503 within a couple of seconds, a
 * request caught in flight within the socket timeout, none hangs and none is a 500; once the
 * server runs again the service answers 200 by itself. Tagged "fault" like FaultRecoveryTest.
 */
@Tag("fault")
class FrozenDatabaseTest {
    private static final int CLIENTS = 3;
    private static final long FROZEN_MS = 6_000;
    /** What "a couple of seconds" is allowed to be on a loaded two-core machine. */
    private static final long NEW_REQUEST_LIMIT_MS = 3_000;

    private record Answer(long sentMs, long tookMs, int status, String body) {
    }

    @Test
    void aFrozenDatabaseIsAnswered503WithinACoupleOfSeconds() throws Exception {
        try (SecondMariaDb db = SecondMariaDb.install()) {
            db.start();
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "datasources.default.url", db.jdbcUrlWithServiceDefaults("kcbx_frozen"),
                    "datasources.default.driver-class-name", "com.mysql.cj.jdbc.Driver",
                    "datasources.default.username", "root",
                    "datasources.default.password", ""), "test")) {
                run(server, db);
            }
        }
    }

    private void run(EmbeddedServer server, SecondMariaDb db) throws Exception {
        String token = TestCredentials.defaultToken();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long t0 = System.currentTimeMillis();
        assertEquals(200, send(http, server.getURI(), token, "frozen-warm", t0).status());

        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        Object answered = new Object(); // notified at every answer, so the test waits for answers, not for time
        AtomicInteger seq = new AtomicInteger();
        AtomicLong frozenAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong thawedAt = new AtomicLong(Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                // load until the server has been thawed and answered 200 again, bounded in any case
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline) {
                    Answer a = send(http, server.getURI(), token, "frozen-" + seq.incrementAndGet(), t0);
                    answers.add(a);
                    synchronized (answered) {
                        answered.notifyAll();
                    }
                    if (a.sentMs() > thawedAt.get() && a.status() == 200) {
                        return null;
                    }
                }
                return null;
            }));
        }
        waitFor(answered, () -> answers.stream().filter(a -> a.status() == 200).count() >= 10, 60_000, "load under way");
        db.freeze();
        frozenAt.set(System.currentTimeMillis() - t0);
        waitFor(answered, () -> answers.stream().filter(a -> a.sentMs() > frozenAt.get() + FROZEN_MS).count() >= CLIENTS
                || System.currentTimeMillis() - t0 > frozenAt.get() + 3 * FROZEN_MS, 4 * FROZEN_MS, "requests while frozen");
        db.thaw();
        thawedAt.set(System.currentTimeMillis() - t0);
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();

        List<Answer> all = new ArrayList<>(answers);
        List<Answer> frozen = all.stream().filter(a -> a.sentMs() > frozenAt.get() + 100 && a.sentMs() + a.tookMs() < thawedAt.get()).toList();
        List<Answer> inFlight = all.stream().filter(a -> a.sentMs() <= frozenAt.get() && a.sentMs() + a.tookMs() > frozenAt.get()).toList();
        long slowestNew = frozen.stream().mapToLong(Answer::tookMs).max().orElse(-1);
        long slowestInFlight = inFlight.stream().mapToLong(Answer::tookMs).max().orElse(0);
        System.out.printf("Frozen database: %d requests; frozen %d ms; %d sent while frozen, slowest %d ms;"
                        + " %d in flight at the freeze, slowest %d ms; statuses %s%n", all.size(), thawedAt.get() - frozenAt.get(),
                frozen.size(), slowestNew, inFlight.size(), slowestInFlight,
                all.stream().collect(java.util.stream.Collectors.groupingBy(Answer::status, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())));

        assertTrue(all.stream().allMatch(a -> a.status() == 200 || a.status() == 503), "only 200 or 503");
        assertTrue(frozen.size() >= CLIENTS, "requests were sent while the database was frozen: " + frozen.size());
        for (Answer a : frozen) {
            assertEquals(503, a.status(), a.body());
            assertTrue(a.body().contains("\"code\":\"storage_unavailable\""), a.body());
            assertTrue(a.tookMs() < NEW_REQUEST_LIMIT_MS, "a request to a frozen database is answered within "
                    + NEW_REQUEST_LIMIT_MS + " ms: " + a.tookMs());
        }
        // kcbx.database.socket-timeout (5 s by default) bounds a statement the server stopped answering mid-way
        assertTrue(slowestInFlight < 5_000 + NEW_REQUEST_LIMIT_MS, "a request caught by the freeze ends: " + slowestInFlight);
        assertTrue(all.stream().anyMatch(a -> a.sentMs() > thawedAt.get() && a.status() == 200),
                "the service answers 200 again once the database runs, with no restart");
    }

    /** Waits until {@code condition} holds, re-checking at each answer (or when the limit is reached). */
    private static void waitFor(Object answered, java.util.function.BooleanSupplier condition, long limitMs, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + limitMs;
        synchronized (answered) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.currentTimeMillis();
                assertTrue(left > 0, "timed out waiting for: " + what);
                answered.wait(left);
            }
        }
    }

    private static Answer send(HttpClient http, URI base, String token, String studentId, long t0) {
        String body = "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"" + studentId + "\",\"schoolId\":\"S1\"},"
                + "\"attendance\":[{\"date\":\"2025-09-10\",\"status\":\"ABSENT_UNEXCUSED\"}]}";
        long sent = System.currentTimeMillis();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/decisions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(sent - t0, System.currentTimeMillis() - sent, r.statusCode(), r.body());
        } catch (Exception e) {
            return new Answer(sent - t0, System.currentTimeMillis() - sent, -1, e.toString());
        }
    }
}
