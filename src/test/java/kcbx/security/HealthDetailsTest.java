package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Test;

/** /health says up or down to anyone; what is behind it (database, disk) only to an operator. */
@MicronautTest(transactional = false)
class HealthDetailsTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Test
    void anonymousAndOrdinaryCallersSeeTheStatusOnly() {
        HttpCalls http = new HttpCalls(client, json);
        String auditor = credentials.issue("health: auditor", List.of(Role.AUDITOR), List.of()).token();
        // the test credential holds every role but OPERATOR
        for (HttpCalls caller : List.of(http.anonymous(), http.as(auditor), http, http.as("kcbx_junk"))) {
            HttpCalls.Reply r = caller.get("/health");
            assertEquals(200, r.status(), r.body());
            assertEquals("UP", r.json().get("status"), r.body());
            assertFalse(r.json().containsKey("details"), r.body());
            assertFalse(r.body().contains("jdbc") || r.body().contains("diskSpace"), r.body());
        }
    }

    @Test
    void anOperatorSeesTheDetails() {
        String operator = credentials.issue("health: operator", List.of(Role.OPERATOR), List.of()).token();
        HttpCalls.Reply r = new HttpCalls(client, json).as(operator).get("/health");
        assertEquals(200, r.status(), r.body());
        assertEquals("UP", r.json().get("status"), r.body());
        assertTrue(r.body().contains("\"details\"") && r.body().contains("jdbc"), r.body());
        // and the calendars ending soon (CalendarExpiryTest checks which, at fixed dates)
        assertTrue(r.body().contains("\"calendar\"") && r.body().contains("endingSoon"), r.body());
    }
}
