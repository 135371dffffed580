import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of the benchmark (bench/run.sh), with the JDK's HttpClient against loopback only,
 * bounded in count and time. Single-file program: java bench/LoadGenerator.java MODE ...
 *   startup BASE LAUNCH_EPOCH_MS        first decision after launch: seconds
 *   http BASE CLIENTS SECONDS           single decisions from CLIENTS concurrent clients
 *   batch BASE STUDENTS PER_REQUEST     STUDENTS through POST /v1/decisions/batch as NDJSON
 * Every request is a student with a full term of attendance (about 90 school days), several
 * monitoring groups and interventions, profile helan.
 */
public class LoadGenerator {
    public static void main(String[] args) throws Exception {
        String base = args[1];
        if (!base.startsWith("http://127.0.0.1:") && !base.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        switch (args[0]) {
            case "startup" -> startup(base, Long.parseLong(args[2]));
            case "http" -> http(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "batch" -> batch(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("mode: startup, http or batch");
        }
    }

    /** A student of the benchmark: about 90 school days, left-behind, poor, boarding, two interventions. */
    static String student(int n) {
        StringBuilder a = new StringBuilder();
        LocalDate asOf = LocalDate.of(2026, 1, 9);
        int k = 0;
        for (LocalDate d = LocalDate.of(2025, 9, 1); !d.isAfter(asOf); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            k++;
            String s = d.isAfter(asOf.minusDays(7)) ? "ABSENT_UNEXCUSED" : (k + n) % 17 == 0 ? "ABSENT_EXCUSED" : "PRESENT";
            a.append(a.length() == 0 ? "" : ",").append("{\"date\":\"").append(d).append("\",\"status\":\"").append(s).append("\"}");
        }
        return "{\"profile\":\"helan\",\"asOf\":\"2026-01-09\",\"student\":{\"id\":\"bench-" + n + "\",\"schoolId\":\"school-"
                + (n % 200) + "\",\"grade\":8,\"learningDifficulty\":true,\"birthDate\":\"2012-05-01\"},"
                + "\"family\":{\"leftBehind\":true,\"poverty\":\"REGISTERED_POOR\",\"receivesAid\":false,\"needsBoarding\":true},"
                + "\"attendance\":[" + a + "],"
                + "\"interventions\":[{\"date\":\"2026-01-05\",\"type\":\"FAMILY_CONTACT\",\"outcome\":\"DONE\"},"
                + "{\"date\":\"2025-12-10\",\"type\":\"HOME_VISIT\",\"outcome\":\"DONE\"}]}";
    }

    /** A request to the service, with the bearer token bench/run.sh issued (KCBX_BENCH_TOKEN). */
    static HttpRequest.Builder request(String uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
        String token = System.getenv("KCBX_BENCH_TOKEN");
        return token == null || token.isBlank() ? b : b.header("authorization", "Bearer " + token.strip());
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static void startup(String base, long launchMs) throws Exception {
        HttpClient c = client();
        HttpRequest r = request(base + "/v1/decisions").timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(student(0))).build();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> res = c.send(r, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    System.out.printf("start-up: %.2f s from launch to the first stored decision%n",
                            (System.currentTimeMillis() - launchMs) / 1000.0);
                    return;
                }
                System.err.println("start-up: status " + res.statusCode() + " " + res.body());
                System.exit(1);
            } catch (IOException e) {
                Thread.sleep(50); // not listening yet
            }
        }
        System.err.println("start-up: no decision within 180 s");
        System.exit(1);
    }

    static void http(String base, int clients, int seconds) throws Exception {
        HttpClient c = client();
        String[] bodies = new String[64];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = student(i);
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        for (int t = 0; t < clients; t++) {
            long[] mine = new long[2_000_000 / clients];
            perClient.add(mine);
            int me = t;
            threads.add(new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end && i < mine.length) {
                    HttpRequest r = request(base + "/v1/decisions").timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies[(me + i) % bodies.length])).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> res = c.send(r, HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    mine[i++] = (System.nanoTime() - t0) / 1000;
                }
                counts[me] = i;
            }));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perClient.get(t), 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        System.out.printf("http: %d clients for %.1f s: %.0f stored decisions/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                        + " %d ok, %d errors%n", clients, secs, ok.get() / secs, pct(all, 0.50) / 1000.0,
                pct(all, 0.99) / 1000.0, all.length == 0 ? 0 : all[all.length - 1] / 1000.0, ok.get(), errors.get());
    }

    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    static void batch(String base, int students, int perRequest) throws Exception {
        HttpClient c = client();
        long t0 = System.nanoTime();
        long decided = 0;
        long failed = 0;
        for (int from = 0; from < students; from += perRequest) {
            int n = Math.min(perRequest, students - from);
            int first = from;
            HttpRequest r = request(base + "/v1/decisions/batch").timeout(Duration.ofMinutes(10))
                    .header("content-type", "application/x-ndjson").header("accept", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Lines(first, n))).build();
            HttpResponse<InputStream> res = c.send(r, HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                System.err.println("batch: status " + res.statusCode() + " "
                        + new String(res.body().readAllBytes(), StandardCharsets.UTF_8));
                System.exit(1);
            }
            // count the answers line by line without keeping them
            byte[] buf = new byte[1 << 16];
            StringBuilder carry = new StringBuilder();
            try (InputStream in = res.body()) {
                int len;
                while ((len = in.read(buf)) > 0) {
                    carry.append(new String(buf, 0, len, StandardCharsets.ISO_8859_1));
                    int nl;
                    while ((nl = carry.indexOf("\n")) >= 0) {
                        String line = carry.substring(0, nl);
                        carry.delete(0, nl + 1);
                        if (line.contains("\"problem\":")) {
                            failed++;
                        } else {
                            decided++;
                        }
                    }
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("batch: %d students (NDJSON, %d a request) in %.1f s: %.0f decisions/s, %d decided, %d problems%n",
                students, perRequest, secs, decided / secs, decided, failed);
    }

    /** n students as NDJSON, made as they are read. */
    static final class Lines extends InputStream {
        private final int first;
        private final int n;
        private int next;
        private byte[] current = new byte[0];
        private int pos;

        Lines(int first, int n) {
            this.first = first;
            this.n = n;
        }

        private boolean more() {
            if (pos < current.length) {
                return true;
            }
            if (next >= n) {
                return false;
            }
            current = (student(first + next++) + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }

        @Override
        public int read() {
            return more() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!more()) {
                return -1;
            }
            int k = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, k);
            pos += k;
            return k;
        }
    }
}
