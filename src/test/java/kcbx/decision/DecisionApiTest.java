package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kcbx.api.model.Decision;
import kcbx.store.DecisionText;
import kcbx.store.PreparedDecision;
import kcbx.api.model.DecisionRequest;
import kcbx.store.DecisionStore;
import kcbx.engine.ProfileRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@MicronautTest(transactional = false)
@Tag("db")
class DecisionApiTest {
    private static final String VALID = """
            {"profile":"helan","asOf":"2025-09-10",
             "student":{"id":"api-1","nationalId":"110105201503070021","name":"测试","gender":"FEMALE",
                        "birthDate":"2015-03-07","schoolId":"sch-api","grade":5},
             "attendance":[{"date":"2025-09-08","status":"ABSENT_UNEXCUSED"},
                           {"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                           {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DecisionPreparer preparer;

    @Inject
    DecisionStore store;

    @Inject
    kcbx.ruleset.ActiveRuleset rulesets;

    HttpCalls http;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
    }

    @Test
    void aDecisionIsStoredAndReadBackByItsId() {
        long before = store.count();
        HttpCalls.Reply r = http.post("/v1/decisions", VALID);
        assertEquals(200, r.status(), r.body());
        assertEquals(before + 1, store.count());
        HttpCalls.Reply back = http.get("/v1/decisions/" + r.json().get("decisionId"));
        assertEquals(r.json(), back.json());
        assertEquals("HIGH", r.json().get("riskLevel"));
    }

    @Test
    void theSameFactsGiveTheSameDecisionButForIdAndTime() {
        Map<String, Object> a = new HashMap<>(http.post("/v1/decisions", VALID).json());
        Map<String, Object> b = new HashMap<>(http.post("/v1/decisions", VALID).json());
        assertNotEquals(a.get("decisionId"), b.get("decisionId"));
        for (Map<String, Object> m : List.of(a, b)) {
            m.remove("decisionId");
            m.remove("decidedAt");
        }
        assertEquals(http.write(a), http.write(b));
    }

    @Test
    void theStoredJsonIsTheDecisionAsTheSerialiserWritesItWhateverTheMilliseconds() throws Exception {
        // the decision is serialised once with a placeholder time and the recording time is put in
        // under the chain lock (and again on every read, from decided_at_ms): that must be exactly
        // what serialising the stamped decision gives
        DecisionRequest request = json.readValue(VALID, DecisionRequest.class);
        ProfileRules helan = rulesets.get().profile("helan").orElseThrow();
        for (long ms : new long[] {1_757_500_000_000L, 1_757_500_000_100L, 1_757_500_000_120L, 1_757_500_000_123L,
                1_757_500_059_999L, 1_757_503_600_001L}) {
            Decision d = DecisionBench.evaluate(request, rulesets.get().version(), helan);
            PreparedDecision prepared = preparer.prepare(request, null, d, null);
            String text = prepared.decision().at(ms);
            d.setDecidedAt(DecisionText.time(ms));
            assertEquals(json.writeValueAsString(d), text);
            assertEquals(text, DecisionText.fill(prepared.decision().stored(), ms));
        }
        // and over HTTP: what is answered is what is stored and read back, byte for byte
        HttpCalls.Reply r = http.post("/v1/decisions", VALID);
        assertEquals(200, r.status(), r.body());
        String id = r.json().get("decisionId").toString();
        assertEquals(store.find(id).orElseThrow().decisionJson(), r.body());
        assertEquals(r.body(), http.get("/v1/decisions/" + id).body());
    }

    @Test
    void anUnknownDecisionIsA404Problem() {
        HttpCalls.Reply r = http.get("/v1/decisions/00000000-0000-0000-0000-000000000000");
        assertEquals(404, r.status());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("not_found", r.json().get("code"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"asOf":"2025-09-10","student":{"id":"x"}    | malformed_json      | body
            missing student.id      | {"asOf":"2025-09-10","student":{}}           | invalid_field       | student.id
            empty student.id        | {"asOf":"2025-09-10","student":{"id":""}}    | invalid_field       | student.id
            missing asOf            | {"student":{"id":"x"}}                       | invalid_field       | asOf
            unknown enum value      | {"asOf":"2025-09-10","student":{"id":"x","gender":"BOY"}} | invalid_field | student.gender
            unknown attendance code | {"asOf":"2025-09-10","student":{"id":"x"},"attendance":[{"date":"2025-09-08","status":"AWOL"}]} | invalid_field | attendance[0].status
            unknown profile         | {"profile":"atlantis","asOf":"2025-09-10","student":{"id":"x"}} | unknown_profile | profile
            bad check digit         | {"asOf":"2025-09-10","student":{"id":"x","nationalId":"110105201503070022"}} | invalid_national_id | student.nationalId
            impossible date         | {"asOf":"2025-02-30","student":{"id":"x"}}   | invalid_field       | asOf
            impossible nested date  | {"asOf":"2025-09-10","student":{"id":"x"},"attendance":[{"date":"2025-09-31","status":"PRESENT"}]} | invalid_field | attendance[0].date
            wrong type              | {"asOf":"2025-09-10","student":{"id":"x","grade":"seven"}} | invalid_field | student.grade
            grade out of range      | {"asOf":"2025-09-10","student":{"id":"x","grade":12}} | invalid_field | student.grade
            unknown field           | {"asOf":"2025-09-10","student":{"id":"x","nickname":"y"}} | unknown_field | student.nickname
            duplicated key          | {"asOf":"2025-09-10","asOf":"2025-09-11","student":{"id":"x"}} | invalid_field | asOf
            unknown registry code   | {"asOf":"2025-09-10","student":{"id":"x","registryStatus":"98"}} | invalid_field | student.registryStatus
            year 9999               | {"asOf":"9999-09-10","student":{"id":"x"}}   | invalid_field       | asOf
            two records one day     | {"asOf":"2025-09-10","student":{"id":"x"},"attendance":[{"date":"2025-09-08","status":"PRESENT"},{"date":"2025-09-08","status":"LATE"}]} | invalid_field | attendance[1].date
            birth after asOf        | {"asOf":"2025-09-10","student":{"id":"x","birthDate":"2026-01-01"}} | invalid_field | student.birthDate
            array body              | []                                           | invalid_field       | body
            """)
    void badInputIsA400ProblemNamingTheFieldAndStoresNothing(String name, String body, String code, String field) {
        long before = store.count();
        HttpCalls.Reply r = http.post("/v1/decisions", body);
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals(code, r.json().get("code"), r.body());
        assertEquals(400, ((Number) r.json().get("status")).intValue());
        assertTrue(r.json().get("type").toString().endsWith(code));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.json().get("errors");
        assertTrue(errors.stream().anyMatch(e -> field.equals(e.get("field"))), r.body());
        assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), "no stack trace: " + r.body());
        assertTrue(!r.body().contains("110105201503070022"), "the rejected ID is not echoed");
        assertEquals(before, store.count(), "nothing is stored for a bad request");
    }

    @Test
    void aWrongMediaTypeAndAWrongMethodAreProblemsToo() {
        HttpCalls.Reply text = http.exchange(HttpRequest.POST("/v1/decisions", "x").contentType(MediaType.TEXT_PLAIN_TYPE));
        assertEquals(415, text.status());
        assertEquals("unsupported_media_type", text.json().get("code"));
        HttpCalls.Reply delete = http.exchange(HttpRequest.DELETE("/v1/decisions/abc"));
        assertEquals(405, delete.status());
        assertEquals("application/problem+json", delete.contentType());
        HttpCalls.Reply nowhere = http.get("/v1/nowhere");
        assertEquals(404, nowhere.status());
        assertEquals("not_found", nowhere.json().get("code"));
    }

    @Test
    void theServiceServesItsOwnContract() {
        HttpCalls.Reply spec = http.get("/openapi/decision-api.yaml");
        assertEquals(200, spec.status());
        assertTrue(spec.body().contains("operationId: decide"));
    }

    @Test
    void profilesAreListedWithTheirSourceDocument() {
        HttpCalls.Reply r = http.get("/v1/profiles");
        assertEquals(200, r.status());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> profiles = (List<Map<String, Object>>) r.json().get("profiles");
        Map<String, Object> helan = profiles.stream().filter(p -> "helan".equals(p.get("id"))).findFirst().orElseThrow();
        assertTrue(helan.get("sourceDocument").toString().contains("贺教发〔2025〕11号"));
        assertEquals("baseline", helan.get("parent"));
    }
}
