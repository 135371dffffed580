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
 *   http BASE CLIENTS SECONDS [PROFILES] single decisions from CLIENTS concurrent clients (PROFILES: a
 *                                       comma-separated list the requests take in turn; helan by default)
 *   galera BASE_A BASE_B CLIENTS SECONDS IDS_FILE   half the clients on each instance, four counties in
 *                                       turn; every 200's decisionId to IDS_FILE; counts 200, 503 (with
 *                                       and without Retry-After), other 5xx, and when each instance
 *                                       stopped and started answering 200 (bench/galera.sh)
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
            case "http" -> http(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? args[4].split(",") : new String[] {"helan"});
            case "galera" -> GaleraLoad.run(base, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
            case "batch" -> batch(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("mode: startup, http, galera or batch");
        }
    }

    /** A student of the benchmark: about 90 school days, left-behind, poor, boarding, two interventions. */
    static String student(int n) {
        return student(n, "helan");
    }

    /** The same student in another county's profile. */
    static String student(int n, String profile) {
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
        return "{\"profile\":\"" + profile + "\",\"asOf\":\"2026-01-09\",\"student\":{\"id\":\"bench-" + n + "\",\"schoolId\":\"school-"
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

    static void http(String base, int clients, int seconds, String[] profiles) throws Exception {
        HttpClient c = client();
        String[] bodies = new String[64];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = student(i, profiles[i % profiles.length]);
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
        System.out.printf("http" + (profiles.length > 1 ? " (" + String.join(",", profiles) + ")" : "")
                + ": %d clients for %.1f s: %.0f stored decisions/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
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

/**
 * The load of bench/galera.sh: CLIENTS clients, half on each of two service instances (each on its
 * own Galera node), for SECONDS, each request a decision for one of four counties in turn, so both
 * instances append to the same four chains and their head rows meet in certification. Records
 * every decision answered 200 (its decisionId, one a line, to IDS_FILE) so the script can check
 * each is stored exactly once, and for each instance when it first failed and first answered 200
 * again.
 */
final class GaleraLoad {
    static final String[] COUNTIES = {"helan", "baiyin", "boshan", "rongchang"};
    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("\"decisionId\":\"([0-9a-f-]{36})\"");

    /** What one instance answered. */
    static final class Tally {
        final String name;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();
        final AtomicLong other5xx = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final AtomicLong ioErrors = new AtomicLong();
        final AtomicLong firstFailureMs = new AtomicLong();
        final AtomicLong firstOkAfterFailureMs = new AtomicLong();
        volatile String firstOther5xx;

        Tally(String name) {
            this.name = name;
        }

        void failed() {
            firstFailureMs.compareAndSet(0, System.currentTimeMillis());
        }

        void succeeded() {
            if (firstFailureMs.get() != 0) {
                firstOkAfterFailureMs.compareAndSet(0, System.currentTimeMillis());
            }
        }
    }

    static void run(String baseA, String baseB, int clients, int seconds, String idsFile) throws Exception {
        if (!baseB.startsWith("http://127.0.0.1:") && !baseB.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("loopback only: " + baseB);
        }
        HttpClient c = LoadGenerator.client();
        String[] bodies = new String[64];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = LoadGenerator.student(i, COUNTIES[i % COUNTIES.length]);
        }
        Tally a = new Tally("A");
        Tally b = new Tally("B");
        java.util.concurrent.ConcurrentLinkedQueue<String> answered = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            boolean onA = t % 2 == 0;
            String base = onA ? baseA : baseB;
            Tally tally = onA ? a : b;
            int me = t;
            threads.add(new Thread(() -> {
                for (int i = 0; System.nanoTime() < end && i < 1_000_000; i++) {
                    HttpRequest r = LoadGenerator.request(base + "/v1/decisions").timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies[(me + i) % bodies.length])).build();
                    tally.requests.incrementAndGet();
                    try {
                        HttpResponse<String> res = c.send(r, HttpResponse.BodyHandlers.ofString());
                        int s = res.statusCode();
                        if (s == 200) {
                            java.util.regex.Matcher m = ID.matcher(res.body());
                            if (!m.find()) {
                                throw new IllegalStateException("a 200 without a decisionId");
                            }
                            answered.add(m.group(1));
                            tally.ok.incrementAndGet();
                            tally.succeeded();
                            continue;
                        }
                        tally.failed();
                        if (s == 503) {
                            tally.unavailable.incrementAndGet();
                            if (res.headers().firstValue("retry-after").isEmpty()) {
                                tally.unavailableWithoutRetryAfter.incrementAndGet();
                            }
                            Thread.sleep(100); // a client that honours Retry-After would wait longer; keep the load on
                        } else if (s >= 500) {
                            tally.other5xx.incrementAndGet();
                            if (tally.firstOther5xx == null) {
                                tally.firstOther5xx = s + " " + res.body();
                            }
                        } else {
                            tally.other.incrementAndGet();
                        }
                    } catch (IOException e) {
                        tally.failed();
                        tally.ioErrors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        long started = System.currentTimeMillis();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        java.nio.file.Files.write(java.nio.file.Path.of(idsFile), answered);
        long requests = a.requests.get() + b.requests.get();
        long ok = a.ok.get() + b.ok.get();
        System.out.printf("galera load: %d clients, %.1f s, counties %s: %d requests, %d answered 200 (%.0f/s),"
                        + " %d answered 503, %d other 5xx, %d other, %d connection errors%n", clients, secs,
                String.join(",", COUNTIES), requests, ok, ok / secs, a.unavailable.get() + b.unavailable.get(),
                a.other5xx.get() + b.other5xx.get(), a.other.get() + b.other.get(), a.ioErrors.get() + b.ioErrors.get());
        for (Tally t : List.of(a, b)) {
            System.out.printf("instance %s: %d requests, %d 200, %d 503 (%d without Retry-After), %d other 5xx,"
                            + " %d other, %d connection errors%s%n", t.name, t.requests.get(), t.ok.get(),
                    t.unavailable.get(), t.unavailableWithoutRetryAfter.get(), t.other5xx.get(), t.other.get(),
                    t.ioErrors.get(), t.firstOther5xx == null ? "" : "; first other 5xx: " + t.firstOther5xx);
            if (t.firstFailureMs.get() != 0) {
                System.out.printf("%s first failure at %.1f s%n", t.name, (t.firstFailureMs.get() - started) / 1000.0);
                System.out.println(t.name + " first failure at epoch ms " + t.firstFailureMs.get());
            }
            if (t.firstOkAfterFailureMs.get() != 0) {
                System.out.printf("%s first 200 after failures at %.1f s%n", t.name,
                        (t.firstOkAfterFailureMs.get() - started) / 1000.0);
                System.out.println(t.name + " first 200 after failures at epoch ms " + t.firstOkAfterFailureMs.get());
            }
        }
    }
}
