package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kcbx.decision.HttpCalls;

/** What the audit chain tests share: verify over HTTP, the offline verdict on an export, writers started at once. */
public final class AuditChecks {
    private AuditChecks() {
    }

    /** GET /v1/audit/verify with the query, which must answer 200. */
    public static Map<String, Object> verify(HttpCalls http, String query) {
        HttpCalls.Reply r = http.get("/v1/audit/verify" + query);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> failure(Map<String, Object> verification) {
        return (Map<String, Object>) verification.get("firstFailure");
    }

    /** The offline verifier's exit code and verdict on these export lines; the verdict never prints neverPrinted. */
    public static void assertVerdict(Path dir, List<String> lines, int exit, String expected, String neverPrinted)
            throws Exception {
        Path file = Files.write(dir.resolve("export-" + System.nanoTime() + ".ndjson"), lines, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifyExport.verify(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(exit, code, printed);
        assertTrue(printed.contains(expected), printed);
        assertFalse(printed.contains(neverPrinted), "the verdict never prints a line's content");
    }

    /** One writer's work. */
    @FunctionalInterface
    public interface Writer {
        void write(int writer) throws Exception;
    }

    /** Starts every writer at the same moment and waits for all of them; a writer's failure fails the test. */
    public static void concurrently(int writers, Writer each) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    each.write(writer);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
