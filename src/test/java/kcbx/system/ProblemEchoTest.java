package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Test;

/**
 * What a caller sends is never sent back in a problem: a rejected value may be a child's national
 * ID (which a proxy or client would then log) or a script tag (which a console showing the problem
 * would run). The field is named; the value is not. And a header block over the limit is a 431,
 * not a body too large.
 */
@MicronautTest(transactional = false)
class ProblemEchoTest {
    private static final String NATIONAL_ID = "110101201001011237";
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String SCRIPT_IN_URL = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Test
    void aRejectedBodyValueIsNamedByItsFieldNotEchoed() {
        HttpCalls http = new HttpCalls(client, json);
        for (String hostile : List.of(NATIONAL_ID, SCRIPT)) {
            String body = "{\"asOf\":\"" + hostile + "\",\"profile\":\"" + hostile + "\",\"student\":{\"id\":\"s\","
                    + "\"schoolId\":\"S1\",\"nationalId\":\"" + hostile + "\",\"registryStatus\":\"" + hostile + "\","
                    + "\"birthDate\":\"" + hostile + "\"},\"attendance\":[{\"date\":\"" + hostile + "\",\"status\":\""
                    + hostile + "\"}],\"" + hostile + "\":1}";
            assertNoEcho(http.post("/v1/decisions", body), hostile, "attendance[0].status");
            // the same fields valid but for the profile, which is checked against the active rule set
            assertNoEcho(http.post("/v1/decisions", "{\"asOf\":\"2025-09-10\",\"profile\":\"" + hostile.replace("<", "x")
                    + "\",\"student\":{\"id\":\"s\",\"schoolId\":\"S1\"}}"), hostile.replace("<", "x"), "profile");
        }
    }

    @Test
    void aRejectedQueryOrPathValueIsNotEchoed() {
        HttpCalls http = new HttpCalls(client, json);
        assertNoEcho(http.get("/v1/decisions?limit=" + NATIONAL_ID + "x"), NATIONAL_ID, "limit");
        assertNoEcho(http.get("/v1/decisions?from=" + SCRIPT_IN_URL), SCRIPT, "from");
        assertNoEcho(http.get("/v1/decisions/" + NATIONAL_ID), NATIONAL_ID, null);
        assertNoEcho(http.exchange(HttpRequest.POST("/v1/decisions/" + NATIONAL_ID + "/replay", "{}")
                .contentType(MediaType.APPLICATION_JSON_TYPE)), NATIONAL_ID, null);
        assertNoEcho(http.get("/v1/ledgers/" + NATIONAL_ID + "?asOf=2025-09-10"), NATIONAL_ID, "ledger");
        assertNoEcho(http.get("/v1/reports/monthly-dropout?month=" + SCRIPT_IN_URL), SCRIPT, "month");
        assertNoEcho(http.get("/v1/nowhere-" + NATIONAL_ID), NATIONAL_ID, null);
        assertNoEcho(http.exchange(HttpRequest.DELETE("/v1/decisions/" + NATIONAL_ID)), NATIONAL_ID, null);
        assertNoEcho(http.as("kcbx_" + NATIONAL_ID).get("/v1/decisions/" + NATIONAL_ID), NATIONAL_ID, "Authorization");
        assertNoEcho(http.anonymous().get("/v1/decisions/" + NATIONAL_ID), NATIONAL_ID, "Authorization");
    }

    private static void assertNoEcho(HttpCalls.Reply r, String hostile, String field) {
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
        assertEquals("application/problem+json", r.contentType(), r.body());
        for (String form : List.of(hostile, hostile.toLowerCase(Locale.ROOT), "script>", "%3C", "\\u003c")) {
            assertFalse(r.body().contains(form), "the problem echoes " + form + ": " + r.body());
        }
        if (field != null) {
            assertTrue(r.body().contains("\"field\":\"" + field + "\""), "the problem names " + field + ": " + r.body());
        }
    }

    @Test
    void aHeaderOverTheLimitIs431NotPayloadTooLarge() throws IOException {
        String response = raw("GET /v1/profiles HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Filler: "
                + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431"), response);
        assertTrue(response.contains("application/problem+json"), response);
        assertTrue(response.contains("\"code\":\"header_too_large\""), response);
        assertFalse(response.contains("payload_too_large"), response);
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws IOException {
        String response = raw("GET /v1/decisions?studentId=" + "a".repeat(64 * 1024)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.matches("(?s)HTTP/1\\.[01] 414 .*"), response); // the version is past the limit: Netty answers 1.0
        assertTrue(response.contains("\"code\":\"uri_too_long\""), response);
        assertFalse(response.contains("aaaa"), "the line is not echoed");
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
