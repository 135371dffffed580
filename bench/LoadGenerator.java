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
 * The load of the benchmark (bench/run.sh), against loopback only, bounded in count and time: the
 * http mode over plain keep-alive sockets ({@link Http11}), the others with the JDK's HttpClient. Single-file program: java bench/LoadGenerator.java MODE ...
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
        return "{\"profile\":\"" + profile + "\",\"asOf\":\"2026-01-09\",\"student\":{\"id\":\"bench-" + n + "\",\"schoolId\":\"school-"
                + (n % 200) + "\",\"grade\":8,\"learningDifficulty\":true,\"birthDate\":\"2012-05-01\"},"
                + "\"family\":{\"leftBehind\":true,\"poverty\":\"REGISTERED_POOR\",\"receivesAid\":false,\"needsBoarding\":true},"
                + "\"attendance\":[" + ATTENDANCE[n % ATTENDANCE.length] + "],"
                + "\"interventions\":[{\"date\":\"2026-01-05\",\"type\":\"FAMILY_CONTACT\",\"outcome\":\"DONE\"},"
                + "{\"date\":\"2025-12-10\",\"type\":\"HOME_VISIT\",\"outcome\":\"DONE\"}]}";
    }

    /** The attendance of student n depends on n % 17 only: made once each, not for every student of a batch. */
    private static final String[] ATTENDANCE = new String[17];

    static {
        for (int n = 0; n < ATTENDANCE.length; n++) {
            ATTENDANCE[n] = attendance(n);
        }
    }

    private static String attendance(int n) {
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
        return a.toString();
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
        URI uri = URI.create(base);
        byte[][] requests = new byte[64][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Http11.post(uri, "/v1/decisions", student(i, profiles[i % profiles.length]));
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
                Http11 connection = null;
                while (System.nanoTime() < end && i < mine.length) {
                    long t0 = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new Http11(uri);
                        }
                        // a 200 with a decision in it; anything else, or a broken connection, is an error
                        if (connection.exchange(requests[(me + i) % requests.length]) == 200
                                && connection.bodyContains(DECISION_ID)) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    mine[i++] = (System.nanoTime() - t0) / 1000;
                }
                if (connection != null) {
                    connection.close();
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
        clientCpu(total);
    }

    /**
     * What this load generator itself took of the machine it shares with the service: its CPU time
     * (all its threads, the JVM's included) per request or student.
     */
    static void clientCpu(long requests) {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && requests > 0) {
            double seconds = sun.getProcessCpuTime() / 1e9;
            System.out.printf("load generator: %.3f ms of CPU a request (%.1f s in all, its JVM included)%n",
                    seconds * 1000 / requests, seconds);
        }
    }

    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    static void batch(String base, int students, int perRequest) throws Exception {
        URI uri = URI.create(base);
        long t0 = System.nanoTime();
        long decided = 0;
        long failed = 0;
        for (int from = 0; from < students; from += perRequest) {
            int n = Math.min(perRequest, students - from);
            int first = from;
            Http11 connection = new Http11(uri);
            // the students are sent (chunked, a student a chunk) while the answers come back: the
            // service answers a chunk of students while it reads the next
            Thread sender = new Thread(() -> {
                try {
                    connection.sendChunked("/v1/decisions/batch", "application/x-ndjson", out -> {
                        for (int i = 0; i < n; i++) {
                            out.accept((student(first + i) + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    });
                } catch (IOException e) {
                    connection.close(); // the reader fails with it
                }
            });
            sender.start();
            int status = connection.readHead();
            if (status != 200) {
                System.err.println("batch: status " + status + " " + connection.readBodyText());
                System.exit(1);
            }
            // count the answers line by line without keeping or decoding them: an answer is
            // {"index":N,"problem":..} or {"index":N,"decision":..}, so its first bytes say which
            byte[] head = new byte[48];
            int[] inLine = {0};
            long[] tally = new long[2];
            connection.readBody((buf, len) -> {
                for (int i = 0; i < len; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        tally[contains(head, Math.min(inLine[0], head.length), PROBLEM) ? 1 : 0]++;
                        inLine[0] = 0;
                    } else {
                        if (inLine[0] < head.length) {
                            head[inLine[0]] = b;
                        }
                        inLine[0]++;
                    }
                }
            });
            sender.join();
            connection.close();
            decided += tally[0];
            failed += tally[1];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("batch: %d students (NDJSON, %d a request) in %.1f s: %.0f decisions/s, %d decided, %d problems%n",
                students, perRequest, secs, decided / secs, decided, failed);
        clientCpu(students);
    }

    private static final byte[] PROBLEM = "\"problem\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DECISION_ID = "\"decisionId\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Whether {@code what} occurs in the first {@code n} bytes of {@code in}. */
    static boolean contains(byte[] in, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * One keep-alive HTTP/1.1 connection of a client of the http mode, over a plain socket: the
     * request's bytes made once, the answer's status and body read into a reused buffer (by its
     * content-length, or its chunks), nothing decoded. The JDK's HttpClient took about 0.8 ms of CPU
     * a request here (its selector thread, its futures, the body decoded into a String): a seventh
     * of the two cores the service shares with its load.
     */
    static final class Http11 {
        private final java.net.Socket socket;
        private final java.io.BufferedInputStream in;
        private final java.io.OutputStream out;
        private byte[] body = new byte[1 << 16];
        private int bodyLength;

        Http11(URI base) throws IOException {
            socket = new java.net.Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }

        /** A POST of a JSON body with the bench's credential, as bytes to send as they are. */
        static byte[] post(URI base, String path, String json) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            String token = System.getenv("KCBX_BENCH_TOKEN");
            String head = "POST " + path + " HTTP/1.1\r\nhost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "content-type: application/json\r\naccept: application/json\r\n"
                    + (token == null || token.isBlank() ? "" : "authorization: Bearer " + token.strip() + "\r\n")
                    + "content-length: " + b.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + b.length);
            System.arraycopy(b, 0, all, h.length, b.length);
            return all;
        }

        /** Sends the request and reads the whole answer; its status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int code = readHead();
            if (!chunked && length < 0) {
                throw new IOException("an answer with neither content-length nor chunks");
            }
            bodyLength = 0;
            readBody((buf, len) -> {
                if (bodyLength + len > body.length) {
                    body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + len));
                }
                System.arraycopy(buf, 0, body, bodyLength, len);
                bodyLength += len;
            });
            if (close) {
                throw new IOException("the service closed the connection");
            }
            return code;
        }

        private boolean chunked;
        private long length;
        private boolean close;

        interface Chunks {
            void write(java.util.function.Consumer<byte[]> chunk) throws IOException;
        }

        interface Sink {
            void take(byte[] buf, int len);
        }

        /** A POST whose body is written as chunks, one a call of {@code chunk}, then the last chunk. */
        void sendChunked(String path, String contentType, Chunks body) throws IOException {
            String token = System.getenv("KCBX_BENCH_TOKEN");
            String head = "POST " + path + " HTTP/1.1\r\nhost: " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort()
                    + "\r\ncontent-type: " + contentType + "\r\naccept: " + contentType + "\r\n"
                    + (token == null || token.isBlank() ? "" : "authorization: Bearer " + token.strip() + "\r\n")
                    + "transfer-encoding: chunked\r\n\r\n";
            java.io.OutputStream o = new java.io.BufferedOutputStream(out, 1 << 16);
            o.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                body.write(bytes -> {
                    try {
                        o.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        o.write(bytes);
                        o.write(CRLF);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            o.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
        }

        /** Reads the status line and the headers; the status. */
        int readHead() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            length = -1;
            chunked = false;
            close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, Math.max(colon, 0)).trim().toLowerCase(java.util.Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        /** The body after {@link #readHead}, handed to {@code sink} as it comes, de-chunked. */
        void readBody(Sink sink) throws IOException {
            byte[] buf = new byte[1 << 16];
            if (chunked) {
                for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0;
                     n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    pass(n, buf, sink);
                    line();
                }
                while (!line().isEmpty()) { } // trailers
            } else if (length >= 0) {
                pass(length, buf, sink);
            } else {
                for (int k; (k = in.read(buf)) > 0; ) {
                    sink.take(buf, k);
                }
            }
        }

        private void pass(long n, byte[] buf, Sink sink) throws IOException {
            while (n > 0) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (k < 0) {
                    throw new IOException("the answer ended early");
                }
                sink.take(buf, k);
                n -= k;
            }
        }

        String readBodyText() throws IOException {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            readBody((buf, len) -> b.write(buf, 0, len));
            return b.toString(StandardCharsets.UTF_8);
        }

        private static final byte[] CRLF = {'\r', '\n'};

        boolean bodyContains(byte[] what) {
            return contains(body, bodyLength, what);
        }

        /** One header line without its CRLF (ASCII). */
        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection ended");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection of the load
            }
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
