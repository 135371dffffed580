package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A period's decisions leave as NDJSON with their chain hashes, and the offline verifier accepts
 * the export as it came and refuses it with any line changed, dropped or cut off.
 */
@MicronautTest(transactional = false)
@Tag("db")
class AuditExportTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @TempDir
    Path tmp;

    @Test
    void anExportVerifiesOfflineAndATamperedLineDoesNot() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        Instant from = Instant.now().minusMillis(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpCalls.Reply r = http.post("/v1/decisions", """
                    {"profile":"helan","asOf":"2025-09-10","student":{"id":"export-%d","name":"李四"},
                     "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""".formatted(i));
            assertEquals(200, r.status(), r.body());
            ids.add(r.json().get("decisionId").toString());
        }
        Instant to = Instant.now().plusMillis(1);

        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/v1/audit/export?from="
                + encode(from) + "&to=" + encode(to) + "&chain=helan").bearerAuth(kcbx.security.TestCredentials.defaultToken()), String.class);
        assertEquals("application/x-ndjson", response.getContentType().orElseThrow().toString());
        List<String> lines = response.getBody().orElseThrow().lines().toList();
        assertEquals(ids.size() + 2, lines.size(), "one line a decision, the chain's trailer and the last line");
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> line = http.read(lines.get(i));
            assertEquals(ids.get(i), line.get("recordId"), "chain order is recording order");
            assertEquals("decision", line.get("recordType"));
            assertTrue(line.get("content").toString().contains("\"decisionId\":\"" + ids.get(i) + "\""));
        }
        assertEquals(true, http.read(lines.get(lines.size() - 2)).get("trailer"));
        assertEquals("helan", http.read(lines.get(lines.size() - 2)).get("chain"));
        assertEquals(true, http.read(lines.get(lines.size() - 1)).get("end"));

        assertVerdict(0, lines, "OK 5 record(s) in 1 chain(s)");

        List<String> tampered = new ArrayList<>(lines);
        tampered.set(2, lines.get(2).replace("export-2", "export-X"));
        assertVerdict(1, tampered, "FAIL line 3 (chain helan, seq ");

        List<String> dropped = new ArrayList<>(lines);
        dropped.remove(1);
        assertVerdict(1, dropped, "FAIL line 2");

        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertVerdict(1, cut, "cut short");
        assertVerdict(1, new ArrayList<>(lines.subList(0, lines.size() - 2)), "cut short");

        List<String> relinked = new ArrayList<>(lines);
        Map<String, Object> third = http.read(lines.get(2));
        relinked.set(2, lines.get(2).replace(third.get("prevHash").toString(), "0".repeat(64)));
        assertVerdict(1, relinked, "FAIL line 3");
    }

    @Test
    void anEmptyPeriodIsAnEmptyExportThatVerifies() throws Exception {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET(
                "/v1/audit/export?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z").bearerAuth(kcbx.security.TestCredentials.defaultToken()), String.class);
        List<String> lines = response.getBody().orElseThrow().lines().toList();
        assertEquals(true, new HttpCalls(client, json).read(lines.get(lines.size() - 1)).get("end"), lines::toString);
        assertVerdict(0, lines, "OK 0 record(s)");
    }

    @Test
    void aMissingOrBackwardPeriodIsAProblem() {
        HttpCalls http = new HttpCalls(client, json);
        HttpCalls.Reply none = http.get("/v1/audit/export?from=2025-01-01T00:00:00Z");
        assertEquals(400, none.status(), none.body());
        assertTrue(none.body().contains("\"field\":\"to\""), none.body());
        HttpCalls.Reply backward = http.get("/v1/audit/export?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z");
        assertEquals(400, backward.status(), backward.body());
        HttpCalls.Reply notADate = http.get("/v1/audit/export?from=yesterday&to=2025-01-01T00:00:00Z");
        assertEquals(400, notADate.status(), notADate.body());
        assertTrue(notADate.body().contains("\"field\":\"from\""), notADate.body());
    }

    private void assertVerdict(int exit, List<String> lines, String expected) throws Exception {
        AuditChecks.assertVerdict(tmp, lines, exit, expected, "李四");
    }

    private static String encode(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
