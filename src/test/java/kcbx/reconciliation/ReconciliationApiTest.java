package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Errors and paging of the reconciliation API over real HTTP, as problems that name the row and field. */
@MicronautTest(transactional = false)
@Tag("db")
class ReconciliationApiTest {
    private static final String VALID_ID = "640122201503040113";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    private HttpCalls http() {
        return new HttpCalls(client, json).as(CountyOfficer.token(credentials));
    }

    @SuppressWarnings("unchecked")
    private static String firstField(HttpCalls.Reply reply) {
        return ((List<Map<String, Object>>) reply.json().get("errors")).get(0).get("field").toString();
    }

    @Test
    void invalidRowFieldIsNamedByListAndIndex() {
        HttpCalls.Reply reply = http().post("/v1/reconciliations", "{\"asOf\":\"2025-09-01\",\"schoolRegistry\":["
                + "{\"nationalId\":\"" + VALID_ID + "\"},{\"nationalId\":\"" + VALID_ID + "\",\"birthDate\":\"2015-02-30\"}]}");
        assertEquals(400, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("invalid_field", reply.json().get("code"));
        assertEquals("schoolRegistry[1].birthDate", firstField(reply));
    }

    @Test
    void halfASurrogatePairIsRefusedNamingTheField() {
        // half a surrogate pair alone is no Unicode text: a database would store it as "?" and the stored
        // reconciliation would no longer match the hash it was chained with
        HttpCalls.Reply reply = http().post("/v1/reconciliations", "{\"asOf\":\"2025-09-01\",\"schoolRegistry\":["
                + "{\"nationalId\":\"" + VALID_ID + "\",\"name\":\"\\ud800x\"}]}");
        assertEquals(400, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("schoolRegistry[0].name", firstField(reply));
        HttpCalls school = new HttpCalls(client, json); // the tests' default credential submits decisions
        HttpCalls.Reply decision = school.post("/v1/decisions", "{\"asOf\":\"2025-09-01\",\"profile\":\"helan\","
                + "\"student\":{\"id\":\"s-\\udc00\"}}");
        assertEquals(400, decision.status(), decision.body());
        assertEquals("student.id", firstField(decision));
        HttpCalls.Reply pair = school.post("/v1/decisions", "{\"asOf\":\"2025-09-01\",\"profile\":\"helan\","
                + "\"student\":{\"id\":\"s-\\ud83e\\uddd2\"}}");
        assertEquals(200, pair.status(), "a whole pair (an emoji) is fine: " + pair.body());
    }

    @Test
    void aNationalIdSentAsANumberIsRefusedWithoutEchoingIt() {
        HttpCalls.Reply reply = http().post("/v1/reconciliations",
                "{\"asOf\":\"2025-09-01\",\"householdRegistry\":[{\"nationalId\":" + VALID_ID.substring(0, 17) + "}]}");
        assertEquals(400, reply.status());
        assertEquals("householdRegistry[0].nationalId", firstField(reply));
        assertFalse(reply.body().contains(VALID_ID.substring(0, 17)), "the problem must not repeat the ID");
    }

    @Test
    void brokenJsonIsMalformedWithItsPlace() {
        HttpCalls.Reply reply = http().post("/v1/reconciliations", "{\"asOf\":\"2025-09-01\",\"inSchool\":[{\"nationalId\":}]}");
        assertEquals(400, reply.status());
        assertEquals("malformed_json", reply.json().get("code"));
        assertTrue(reply.json().get("detail").toString().contains("inSchool[0]"), reply.body());
    }

    @Test
    void unknownFieldsAndMissingAsOfAreRefused() {
        HttpCalls.Reply unknown = http().post("/v1/reconciliations", "{\"asOf\":\"2025-09-01\",\"inSchool\":[{\"name\":\"x\"}]}");
        assertEquals(400, unknown.status());
        assertEquals("unknown_field", unknown.json().get("code"));
        assertEquals("inSchool[0].name", firstField(unknown));
        HttpCalls.Reply missing = http().post("/v1/reconciliations", "{\"householdRegistry\":[]}");
        assertEquals(400, missing.status());
        assertEquals("asOf", firstField(missing));
    }

    @Test
    void unknownProfileIsAProblem() {
        HttpCalls.Reply reply = http().post("/v1/reconciliations", "{\"profile\":\"nowhere\",\"asOf\":\"2025-09-01\"}");
        assertEquals(400, reply.status());
        assertEquals("unknown_profile", reply.json().get("code"));
    }

    @Test
    void unknownReconciliationIs404Problem() {
        HttpCalls.Reply reply = http().get("/v1/reconciliations/no-such-id");
        assertEquals(404, reply.status());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("not_found", reply.json().get("code"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void findingsArePagedInTheOrderReturned() throws Exception {
        HttpCalls http = http();
        Map<String, Object> scenario = http.read(Files.readString(
                Path.of("test-fixtures", "reconciliations", "bad-check-digits.json")));
        HttpCalls.Reply all = http.post("/v1/reconciliations", http.write(scenario.get("request")));
        assertEquals(200, all.status(), all.body());
        List<Object> findings = (List<Object>) all.json().get("findings");
        assertEquals(7, findings.size());
        String id = all.json().get("reconciliationId").toString();
        HttpCalls.Reply page = http.get("/v1/reconciliations/" + id + "?offset=2&limit=3");
        assertEquals(200, page.status(), page.body());
        assertEquals(findings.subList(2, 5), page.json().get("findings"));
        assertEquals(7, ((Number) page.json().get("findingCount")).intValue());
        assertEquals("/v1/reconciliations/" + id + "?offset=5&limit=3", page.json().get("next"));
        HttpCalls.Reply last = http.get("/v1/reconciliations/" + id + "?offset=5&limit=3");
        assertEquals(findings.subList(5, 7), last.json().get("findings"));
        assertNull(last.json().get("next"));
        HttpCalls.Reply bad = http.get("/v1/reconciliations/" + id + "?limit=0");
        assertEquals(400, bad.status());
        assertEquals("limit", firstField(bad));
    }
}
