package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Test;

/** GET /v1/profiles/{id}/clauses over real HTTP: the clause register's coverage for one profile. */
@MicronautTest(transactional = false)
class ProfileClausesApiTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    @SuppressWarnings("unchecked")
    void countsTheClausesOfAProfileAndWhichAScenarioExercises() {
        HttpCalls http = new HttpCalls(client, json);

        HttpCalls.Reply reply = http.get("/v1/profiles/baiyin/clauses");

        assertEquals(200, reply.status(), reply.body());
        Map<String, Object> body = reply.json();
        assertEquals("baiyin", body.get("profile"));
        assertEquals(true, body.get("fixturesFound"));
        Map<String, Object> counts = (Map<String, Object>) body.get("counts");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get("clauses");
        int clauses = ((Number) counts.get("clauses")).intValue();
        int encoded = ((Number) counts.get("encoded")).intValue();
        int exercised = ((Number) counts.get("exercised")).intValue();
        assertEquals(rows.size(), clauses);
        assertEquals(clauses, encoded + ((Number) counts.get("notEncoded")).intValue()
                + ((Number) counts.get("pending")).intValue(), reply.body());
        assertTrue(exercised > 0 && exercised <= encoded, reply.body());
        assertEquals(exercised, rows.stream().filter(r -> "EXERCISED".equals(r.get("status"))).count());
        // baiyin's immediate persuasion of a registered child not in school: encoded here and
        // exercised by test-fixtures/reconciliations
        assertTrue(rows.stream().anyMatch(r -> "baiyin 二(四)".equals(r.get("clause"))
                && ((List<String>) r.get("rules")).contains("reconciliation.baiyin.registered-not-attending-persuasion")
                && "EXERCISED".equals(r.get("status"))), reply.body());
        // another county's own clause does not apply to baiyin
        assertTrue(rows.stream().noneMatch(r -> ((List<String>) r.get("profiles")).equals(List.of("helan"))), reply.body());
        // a deliberately not encoded row says why
        assertTrue(rows.stream().filter(r -> "NOT_ENCODED".equals(r.get("status")))
                .allMatch(r -> r.get("reason") != null && !r.get("reason").toString().isBlank()), reply.body());
    }

    @Test
    void anUnknownProfileIsNotFoundAndAnonymousCallersAreRefused() {
        HttpCalls http = new HttpCalls(client, json);

        HttpCalls.Reply unknown = http.get("/v1/profiles/nowhere/clauses");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("application/problem+json", unknown.contentType());
        assertEquals("not_found", unknown.json().get("code"));

        assertEquals(401, http.anonymous().get("/v1/profiles/baiyin/clauses").status());
    }
}
