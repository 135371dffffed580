package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import kcbx.audit.VerifyExport;
import kcbx.facts.NationalId;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A county's reconciliation end to end: four lists of 200,000 rows each, generated while they
 * are sent (the test holds no body in memory), streamed over HTTP into the service in this JVM,
 * decided and stored; then the audit chain is verified (every finding hashed again) and exported
 * with its findings and checked offline. Prints rows/s, those times and the peak heap. Run it with the heap the service is
 * meant to have (README, "Benchmark"):
 *   ./mvnw -B test -Dtest=ReconciliationBenchmark -Dkcbx.test.excludedGroups=none -DargLine=-Xmx512m
 * About 5% of the children need action, in every kind of finding.
 */
@MicronautTest(transactional = false)
@Tag("benchmark")
class ReconciliationBenchmark {
    static final int ROWS_PER_LIST = Integer.getInteger("kcbx.benchmark.rows", 200_000);
    /** 1 sends only the household registry: every child is then a finding (the most findings to store). */
    static final int LISTS_SENT = Integer.getInteger("kcbx.benchmark.lists", 4);

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    kcbx.security.Credentials credentials;

    @Test
    void countyOfFourTimes200000Rows() throws Exception {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/reconciliations"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + CountyOfficer.token(credentials))
                .timeout(Duration.ofMinutes(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CountyBody(ROWS_PER_LIST, LISTS_SENT)))
                .build();
        Instant started = Instant.now();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200, response.statusCode(), () -> response.body().substring(0, Math.min(500, response.body().length())));
        Map<String, Object> result = json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
        long rows = (long) LISTS_SENT * ROWS_PER_LIST;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%nRECONCILIATION BENCHMARK: %,d rows (%d x %,d) in %.1f s = %,.0f rows/s; %s findings;"
                        + " max heap %d MB, peak heap used %d MB (sum of pool peaks)%n%n",
                rows, LISTS_SENT, ROWS_PER_LIST, seconds, rows / seconds, result.get("findingCount"),
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
        assertTrue(((Number) result.get("findingCount")).longValue() > 0);
        auditTheChain(http, started);
    }

    /** Verify, export and check offline the chain that now holds the county's reconciliation. */
    private void auditTheChain(HttpClient http, Instant since) throws Exception {
        String auditor = "Bearer " + TestCredentials.defaultToken();
        long t0 = System.nanoTime();
        HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/audit/verify"))
                .header("authorization", auditor).timeout(Duration.ofMinutes(20)).build(), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        assertTrue(verified.body().contains("\"ok\":true"), verified.body());
        Path file = Files.createTempFile("kcbx-export", ".ndjson");
        try {
            http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/audit/export?from=" + since + "&to="
                            + Instant.now().plusSeconds(1))).header("authorization", auditor)
                    .timeout(Duration.ofMinutes(20)).build(), HttpResponse.BodyHandlers.ofFile(file));
            long t2 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int verdict = VerifyExport.verify(file, new PrintStream(out, true, StandardCharsets.UTF_8));
            long t3 = System.nanoTime();
            assertEquals(0, verdict, out.toString(StandardCharsets.UTF_8));
            System.out.printf("AUDIT: verify %.1f s; export %,d bytes in %.1f s; offline check %.1f s%n%n",
                    (t1 - t0) / 1e9, Files.size(file), (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        } finally {
            Files.delete(file);
        }
    }

    /**
     * The request body, written row by row as the client reads it. Child i is on the household
     * registry and the poverty register; the school registry and the in-school roll hold the same
     * children except where i % 100 is 1 (in school, not registered), 2 (registered, not in
     * school) or 4 (on neither: out of school), whose places go to other children so that every
     * list keeps its size; one poverty row in a thousand has a bad check digit.
     */
    static final class CountyBody extends InputStream {
        private static final String[] LISTS = {"householdRegistry", "schoolRegistry", "inSchool", "povertyRegister"};
        private static final LocalDate FIRST_BIRTH = LocalDate.of(2010, 9, 1);
        private final int perList;
        private final int lists;
        private int list = -1;
        private int row;
        private byte[] chunk = "{\"profile\":\"baiyin\",\"asOf\":\"2025-10-15\"".getBytes(StandardCharsets.UTF_8);
        private int pos;
        private boolean done;

        CountyBody(int perList, int lists) {
            this.perList = perList;
            this.lists = lists;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == chunk.length && !refill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean refill() {
            if (done) {
                return false;
            }
            StringBuilder sb = new StringBuilder(64 * 256);
            for (int k = 0; k < 256 && !done; k++) {
                if (list == -1 || row == perList) {
                    if (list >= 0) {
                        sb.append(']');
                    }
                    list++;
                    row = 0;
                    if (list == lists) {
                        sb.append('}');
                        done = true;
                        break;
                    }
                    sb.append(",\"").append(LISTS[list]).append("\":[");
                }
                if (row > 0) {
                    sb.append(',');
                }
                appendRow(sb, list, row++);
            }
            chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return chunk.length > 0 || refill();
        }

        private static void appendRow(StringBuilder sb, int list, int i) {
            int child = i;
            int kind = i % 100;
            if (list == 1 && (kind == 1 || kind == 4)) {
                child = 1_000_000 + i;
            } else if (list == 2 && (kind == 2 || kind == 4)) {
                child = (kind == 4 ? 1_000_000 : 2_000_000) + i;
            }
            String id = id(child);
            if (list == 3 && i % 1000 == 3) {
                id = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
            }
            sb.append("{\"ref\":\"").append(LISTS[list], 0, 1).append('-').append(i)
                    .append("\",\"nationalId\":\"").append(id).append('"');
            if (list == 1 || list == 2) {
                sb.append(",\"schoolId\":\"S").append(child % 300).append('"');
            } else {
                sb.append(",\"township\":\"T").append(child % 12).append('"');
            }
            sb.append('}');
        }

        /** A valid 18-digit ID, distinct for every child number below 3,000,000. */
        static String id(int child) {
            LocalDate birth = FIRST_BIRTH.plusDays(child % 3287);
            int seq = child / 3287;
            String first17 = String.format("640122%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                    birth.getDayOfMonth(), seq);
            return first17 + NationalId.checkCharacter(first17);
        }
    }
}
