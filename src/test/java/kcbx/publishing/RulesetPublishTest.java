package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;

/**
 * Publishing over HTTP: a candidate that passes is swapped in under load with every decision made
 * wholly by one version, listed, shown with its files, measured for impact and rolled back by its
 * hash; a candidate that fails is refused and the active version keeps serving.
 */
@MicronautTest(transactional = false)
@Tag("db")
// the service's own scenarios are here one that both versions pass, so that the two-day candidate
// can be published: the shipped scenarios refuse it (RulesetGateTest shows that)
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios")
public class RulesetPublishTest {
    /** Answers the load waits for before the publication and again after it returned. */
    private static final int LOAD_ANSWERS = 40;
    public static final String TWO_DAYS = """
            {"profile": "helan", "asOf": "2025-09-10",
             "student": {"id": "pub-1", "schoolId": "school-pub", "grade": 7},
             "attendance": [{"date": "2025-09-08", "status": "PRESENT"},
                            {"date": "2025-09-09", "status": "ABSENT_UNEXCUSED"},
                            {"date": "2025-09-10", "status": "ABSENT_UNEXCUSED"}]}
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    ActiveRuleset active;

    /** The rules folder with helan's suspected-dropout threshold lowered from 3 to 2 school days. */
    public static Map<String, byte[]> twoDayCandidate() {
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\nattendance.suspectedDropoutDays: 2\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    public static List<Map<String, String>> asJson(Map<String, byte[]> files) {
        List<Map<String, String>> out = new ArrayList<>();
        files.forEach((p, c) -> out.add(Map.of("path", p, "content", new String(c, StandardCharsets.UTF_8))));
        return out;
    }

    static List<Map<String, String>> twoDayScenario() {
        return List.of(Map.of("path", "attendance/helan-two-days.json",
                "content", RulesCliTest.twoDays("helan", "SUSPECTED_DROPOUT")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishUnderLoadEveryDecisionIsMadeWhollyByOneVersionThenRollBack() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        String original = active.get().version();
        Map<String, byte[]> files = twoDayCandidate();
        String candidate = new RulesetSource(files).version();
        Instant testStart = Instant.now().minusSeconds(1);

        AtomicBoolean published = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        // the test waits for answers, not for time: some under the original, then some to requests
        // sent after the publication returned
        CountDownLatch underOriginal = new CountDownLatch(LOAD_ANSWERS);
        CountDownLatch afterPublication = new CountDownLatch(LOAD_ANSWERS);
        for (int t = 0; t < 4; t++) {
            load.add(pool.submit(() -> {
                while (!stop.get()) {
                    boolean afterPublish = published.get();
                    HttpCalls.Reply r = http.post("/v1/decisions", TWO_DAYS);
                    (afterPublish ? afterPublication : underOriginal).countDown();
                    if (r.status() != 200) {
                        violations.add("status " + r.status() + ": " + r.body());
                        continue;
                    }
                    String version = (String) r.json().get("rulesetVersion");
                    boolean suspected = ((List<Map<String, Object>>) r.json().get("flags")).stream()
                            .anyMatch(f -> "SUSPECTED_DROPOUT".equals(f.get("code")));
                    seen.add(version);
                    // the candidate's parameters with the original's label (or the reverse) would be a mix
                    if (version.equals(original) == suspected || !(version.equals(original) || version.equals(candidate))) {
                        violations.add(version + " suspected=" + suspected);
                    }
                    if (afterPublish && !version.equals(candidate)) {
                        violations.add("a request started after the publication returned was decided by " + version);
                    }
                }
            }));
        }
        try {
            assertTrue(underOriginal.await(60, TimeUnit.SECONDS), "decisions under way before the publication");
            HttpCalls.Reply pub = http.post("/v1/rulesets", http.write(Map.of("files", asJson(files),
                    "scenarios", twoDayScenario(), "publishedBy", "policy-test", "reason", "贺兰 两日即疑似辍学")));
            assertEquals(200, pub.status(), pub.body());
            published.set(true);
            assertEquals(candidate, pub.json().get("rulesetVersion"));
            assertEquals(original, pub.json().get("previousVersion"));
            assertEquals(2, pub.json().get("scenariosPassed"), "the service's own and the one sent");
            assertTrue(afterPublication.await(60, TimeUnit.SECONDS), "decisions asked for after the publication");
        } finally {
            stop.set(true);
            for (Future<?> f : load) {
                f.get();
            }
            pool.shutdown();
        }
        try {
            assertTrue(violations.isEmpty(), violations.toString());
            assertTrue(seen.contains(original) && seen.contains(candidate), "both versions decided under the load");

            Map<String, Object> list = http.get("/v1/rulesets").json();
            assertEquals(candidate, list.get("activeVersion"));
            assertEquals(candidate, list.get("servingVersion"));
            Map<String, Object> latest = ((List<Map<String, Object>>) list.get("publications")).get(0);
            assertEquals(callerIdentity(), latest.get("publishedBy"), "the credential, not the body's publishedBy");
            assertTrue(((List<Map<String, Object>>) list.get("versions")).stream()
                    .anyMatch(v -> v.get("rulesetVersion").equals(original) && v.get("active").equals(false)));

            Map<String, Object> detail = http.get("/v1/rulesets/" + candidate).json();
            assertTrue(((List<Map<String, Object>>) detail.get("files")).stream().anyMatch(f -> f.get("path")
                    .equals("helan/parameters.yaml") && f.get("content").toString().endsWith("suspectedDropoutDays: 2\n")));
            assertEquals("贺兰 两日即疑似辍学", ((List<Map<String, Object>>) detail.get("publications")).get(0).get("reason"));

            // what going back to the original would change in the decisions just made
            HttpCalls.Reply impact = http.post("/v1/rulesets/impact", http.write(Map.of("from", testStart.toString(),
                    "to", Instant.now().plusSeconds(1).toString(), "rulesetVersion", original)));
            assertEquals(200, impact.status(), impact.body());
            Map<String, Object> report = impact.json();
            assertEquals(original, report.get("candidateVersion"));
            long changed = ((Number) report.get("changed")).longValue();
            long byCandidate = seen.stream().filter(candidate::equals).count();
            assertEquals(byCandidate, changed, "exactly the decisions the candidate made would change: " + report);
            Map<String, Object> flag = ((List<Map<String, Object>>) report.get("flags")).stream()
                    .filter(f -> f.get("code").equals("SUSPECTED_DROPOUT")).findFirst().orElseThrow();
            assertEquals(changed, ((Number) flag.get("removed")).longValue());
            Map<String, Object> group = ((List<Map<String, Object>>) report.get("byRules")).get(0);
            assertTrue(((List<String>) group.get("rulesNoLongerFiring")).contains("attendance.suspected-dropout"), report.toString());
            assertFalse(((List<String>) group.get("sampleDecisionIds")).isEmpty());
        } finally {
            HttpCalls.Reply back = http.post("/v1/rulesets", http.write(Map.of("rulesetVersion", original,
                    "publishedBy", "policy-test", "reason", "roll back")));
            assertEquals(200, back.status(), back.body());
            assertEquals(original, back.json().get("rulesetVersion"));
            assertEquals(original, active.get().version());
        }
        HttpCalls.Reply after = http.post("/v1/decisions", TWO_DAYS);
        assertEquals(original, after.json().get("rulesetVersion"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCandidateThatFailsIsRefusedAndTheActiveVersionKeepsServing() throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        String original = active.get().version();

        Map<String, byte[]> broken = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        broken.put("baseline/risk-tiers.csv", (new String(broken.get("baseline/risk-tiers.csv"), StandardCharsets.UTF_8)
                + "FLAG,SUSPECTED_DROPOUT,SEVERE,bad level\n").getBytes(StandardCharsets.UTF_8));
        HttpCalls.Reply refused = http.post("/v1/rulesets", http.write(Map.of("files", asJson(broken),
                "publishedBy", "policy-test", "reason", "a bad cell")));
        assertEquals(422, refused.status(), refused.body());
        assertEquals("ruleset_invalid", refused.json().get("code"));
        assertTrue(((List<Map<String, Object>>) refused.json().get("errors")).get(0).get("field").toString()
                .startsWith("baseline/risk-tiers.csv:"), refused.body());

        // the original rules with a scenario they do not pass: compiles, but is not published
        Map<String, byte[]> unchanged = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        unchanged.put("helan/parameters.yaml", (new String(unchanged.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\n# only a comment\n").getBytes(StandardCharsets.UTF_8));
        HttpCalls.Reply failing = http.post("/v1/rulesets", http.write(Map.of("files", asJson(unchanged),
                "scenarios", twoDayScenario(), "publishedBy", "policy-test", "reason", "scenarios fail")));
        assertEquals(422, failing.status(), failing.body());
        assertEquals("scenarios_failed", failing.json().get("code"));
        assertEquals("attendance/helan-two-days.json",
                ((List<Map<String, Object>>) failing.json().get("errors")).get(0).get("field"));
        assertEquals(404, http.get("/v1/rulesets/" + new RulesetSource(unchanged).version()).status(),
                "a refused candidate is not stored");

        assertEquals(original, active.get().version());
        assertEquals(original, http.get("/v1/rulesets").json().get("activeVersion"));
        assertEquals(original, http.post("/v1/decisions", TWO_DAYS).json().get("rulesetVersion"));
        assertEquals(400, http.post("/v1/rulesets", http.write(Map.of("publishedBy", "x", "reason", "neither")))
                .status());
        assertEquals(404, http.post("/v1/rulesets", http.write(Map.of("rulesetVersion", "f".repeat(64),
                "publishedBy", "x", "reason", "unknown"))).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void validateTakesAZippedFolderAndReportsEveryProblem() throws IOException {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("baseline/risk-tiers.csv", (new String(files.get("baseline/risk-tiers.csv"), StandardCharsets.UTF_8)
                + "FLAG,SUSPECTED_DROPUT,HIGH,typo\n").getBytes(StandardCharsets.UTF_8));
        files.put("boshan/parameters.yaml", (new String(files.get("boshan/parameters.yaml"), StandardCharsets.UTF_8)
                + "\nattendance.suspectedDropoutDays: two\n").getBytes(StandardCharsets.UTF_8));
        HttpCalls.Reply r = http.exchange(HttpRequest.POST("/v1/rulesets/validate", MultipartBody.builder()
                .addPart("file", "rules.zip", MediaType.of("application/zip"), zip("rules/", files)).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(200, r.status(), r.body());
        assertEquals(false, r.json().get("valid"));
        assertEquals(new RulesetSource(files).version(), r.json().get("rulesetVersion"));
        List<Map<String, Object>> problems = (List<Map<String, Object>>) r.json().get("problems");
        assertEquals(2, problems.size(), r.body());
        assertTrue(problems.stream().anyMatch(p -> p.get("file").equals("baseline/risk-tiers.csv")
                && p.get("column").equals(2) && p.get("message").toString().contains("did you mean \"SUSPECTED_DROPOUT\"")), r.body());
        assertTrue(problems.stream().anyMatch(p -> p.get("file").equals("boshan/parameters.yaml")
                && ((Number) p.get("line")).intValue() > 0), r.body());

        HttpCalls.Reply notZip = http.exchange(HttpRequest.POST("/v1/rulesets/validate", MultipartBody.builder()
                .addPart("file", "rules.zip", MediaType.of("application/zip"), "not a zip".getBytes()).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(400, notZip.status(), notZip.body());
        assertEquals("invalid_zip", notZip.json().get("code"));
    }

    /** Who the default test credential is to the service: "credential:" and its id (the token is kcbx_&lt;id&gt;_&lt;secret&gt;). */
    static String callerIdentity() {
        return "credential:" + kcbx.security.TestCredentials.defaultToken().split("_")[1];
    }

    public static byte[] zip(String top, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(top + f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
