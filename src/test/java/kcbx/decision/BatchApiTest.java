package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kcbx.store.DecisionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/decisions/batch: one answer per item in order, a bad item fails only itself and is
 * named from the batch, every decision answered is stored, and the chain stays whole. Runs on H2
 * and MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Property(name = "micronaut.http.client.read-timeout", value = "300s") // a whole batch is one answer, on a shared machine
@Property(name = "kcbx.batch.chunk-size", value = "" + BatchApiTest.CHUNK) // several chunks without storing thousands
@Tag("db")
class BatchApiTest {
    static final int CHUNK = 50;
    private static final MediaType NDJSON = MediaType.of("application/x-ndjson");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DecisionStore store;

    @Inject
    kcbx.security.Credentials credentials;

    HttpCalls http;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
    }

    private static String student(String id) {
        return """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"%s","schoolId":"batch-school","grade":7},
                 "attendance":[{"date":"2025-09-08","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""".formatted(id).replace("\n", "");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("items");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> problem(Map<String, Object> item) {
        return (Map<String, Object>) item.get("problem");
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Map<String, Object> item) {
        return ((List<Map<String, Object>>) problem(item).get("errors")).stream()
                .map(e -> e.get("field").toString()).toList();
    }

    @SuppressWarnings("unchecked")
    private static String decisionId(Map<String, Object> item) {
        return ((Map<String, Object>) item.get("decision")).get("decisionId").toString();
    }

    @Test
    void eachBadItemFailsAloneNamedFromTheBatchAndTheGoodOnesAreStored() throws Exception {
        long before = store.count();
        String body = "[" + String.join(",", List.of(
                student("batch-ok-0"),
                student("batch-bad-id").replace("\"grade\":7", "\"grade\":7,\"nationalId\":\"110105201503070022\""),
                student("batch-unknown").replace("\"grade\":7", "\"grade\":7,\"nickname\":\"x\""),
                "\"not an object\"",
                student("batch-profile").replace("\"helan\"", "\"atlantis\""),
                "{\"asOf\":\"2025-02-30\",\"student\":{\"id\":\"batch-date\"}}",
                student("batch-ok-6"))) + "]";
        HttpCalls.Reply r = http.post("/v1/decisions/batch", body);
        assertEquals(200, r.status(), r.body());
        assertEquals(2, ((Number) r.json().get("decided")).intValue());
        assertEquals(5, ((Number) r.json().get("failed")).intValue());
        List<Map<String, Object>> items = items(r.json());
        assertEquals(7, items.size());
        for (int i = 0; i < items.size(); i++) {
            assertEquals(i, ((Number) items.get(i).get("index")).intValue());
        }
        assertEquals("invalid_national_id", problem(items.get(1)).get("code"));
        assertEquals(List.of("[1].student.nationalId"), fields(items.get(1)));
        assertEquals("unknown_field", problem(items.get(2)).get("code"));
        assertEquals(List.of("[2].student.nickname"), fields(items.get(2)));
        assertEquals(List.of("[3]"), fields(items.get(3)));
        assertEquals("unknown_profile", problem(items.get(4)).get("code"));
        assertEquals(List.of("[4].profile"), fields(items.get(4)));
        assertEquals(List.of("[5].asOf"), fields(items.get(5)));
        assertFalse(r.body().contains("110105201503070022"), "a national ID is never echoed");
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        // written from the recorded bytes, the answer is byte for byte what serialising a BatchResult gives
        String again = json.writeValueAsString(json.readValue(r.body(), kcbx.api.model.BatchResult.class));
        assertEquals(again, r.body());
        for (int i : new int[] {0, 6}) {
            assertNull(items.get(i).get("problem"));
            HttpCalls.Reply stored = http.get("/v1/decisions/" + decisionId(items.get(i)));
            assertEquals(200, stored.status());
            assertEquals(items.get(i).get("decision"), stored.json());
            assertTrue(r.body().contains("{\"index\":" + i + ",\"decision\":" + stored.body() + "}"), "item " + i);
        }
        assertEquals(before + 2, store.count());
    }

    @Test
    void anNdjsonStreamOverSeveralChunksIsAnsweredLineByLineInOrderAndChainedWhole() throws Exception {
        int n = CHUNK * 2 + 3;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append(i == 70 ? "{\"asOf\": " : i == 71 ? student("x").replace("\"grade\":7", "\"grade\":99")
                    : student("stream-" + i)).append(i == 30 ? "\n\n" : "\n");
        }
        long before = store.count();
        // single decisions go on meanwhile: the batch's chunks and they share one chain
        ExecutorService singles = Executors.newFixedThreadPool(4);
        List<Future<HttpCalls.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "single-" + i;
            replies.add(singles.submit(() -> http.post("/v1/decisions", student(id))));
        }
        HttpCalls.Reply r = http.exchange(HttpRequest.POST("/v1/decisions/batch", body.toString())
                .contentType(NDJSON).accept(NDJSON));
        for (Future<HttpCalls.Reply> f : replies) {
            assertEquals(200, f.get().status());
        }
        singles.shutdown();
        assertEquals(200, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        assertTrue(r.contentType().startsWith("application/x-ndjson"), r.contentType());
        String[] lines = r.body().split("\n");
        assertEquals(n, lines.length, "one answer per non-blank line");
        int decided = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Object> item = http.read(lines[i]);
            assertEquals(i, ((Number) item.get("index")).intValue());
            if (i == 70) {
                assertEquals("malformed_json", problem(item).get("code"));
                assertEquals(List.of("[70]"), fields(item));
            } else if (i == 71) {
                assertEquals(List.of("[71].student.grade"), fields(item));
            } else {
                assertNull(item.get("problem"), lines[i]);
                // the line is the recorded decision's text inside the item: byte for byte what
                // serialising the item gives, and what GET /v1/decisions/{id} answers
                String again = json.writeValueAsString(json.readValue(lines[i], kcbx.api.model.BatchItem.class));
                assertEquals(again, lines[i]);
                if (i == 3) {
                    String stored = http.get("/v1/decisions/" + decisionId(item)).body();
                    assertEquals("{\"index\":3,\"decision\":" + stored + "}", lines[i]);
                }
                decided++;
            }
        }
        assertEquals(n - 2, decided);
        assertEquals(before + decided + 40, store.count());
        HttpCalls.Reply verify = http.get("/v1/audit/verify");
        assertEquals(200, verify.status(), verify.body());
        assertEquals(Boolean.TRUE, verify.json().get("ok"), verify.body());
    }

    @Test
    void eachItemIsCheckedAgainstTheCredentialThatSentTheBatch() {
        // items are decided on the batch's worker threads, over several chunks: the sender's
        // credential still decides which schools it may submit for, item by item
        String token = credentials.issue("batch test: one school", List.of(kcbx.security.Role.SCHOOL_SYSTEM),
                List.of("batch-school")).token();
        long before = store.count();
        int n = CHUNK * 2 + 5;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(i % 3 == 1 ? student("scoped-" + i).replace("batch-school", "other-school") : student("scoped-" + i));
        }
        HttpCalls.Reply r = http.as(token).post("/v1/decisions/batch", "[" + String.join(",", items) + "]");
        assertEquals(200, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        List<Map<String, Object>> answers = items(r.json());
        assertEquals(n, answers.size());
        int refused = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(i, ((Number) answers.get(i).get("index")).intValue());
            if (i % 3 == 1) {
                assertEquals("school_not_served", problem(answers.get(i)).get("code"));
                assertEquals(List.of("[" + i + "].student.schoolId"), fields(answers.get(i)));
                refused++;
            } else {
                assertNull(answers.get(i).get("problem"));
            }
        }
        assertEquals(n - refused, ((Number) r.json().get("decided")).intValue());
        assertEquals(before + n - refused, store.count());
    }

    @Test
    void batchDecisionsReachTheLedgersLikeSingleOnes() {
        String school = "batch-ledger-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String body = "[" + student("bl-1").replace("batch-school", school) + "," + student("bl-2").replace("batch-school", school) + "]";
        HttpCalls.Reply r = http.post("/v1/decisions/batch", body);
        assertEquals(200, r.status(), r.body());
        HttpCalls.Reply ledger = http.get("/v1/ledgers/SUSPECTED_DROPOUT_LEDGER?schoolId=" + school + "&asOf=2025-09-10");
        assertEquals(200, ledger.status(), ledger.body());
        assertTrue(ledger.body().contains("\"bl-1\"") && ledger.body().contains("\"bl-2\""),
                "both students of the batch are on the suspected-dropout ledger: " + ledger.body());
    }

    @Test
    void moreThanTenThousandItemsInOneArrayAreRefusedWhole() {
        long before = store.count();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= BatchDecisions.MAX_JSON_ITEMS; i++) {
            body.append(i == 0 ? "" : ",").append(student("too-many-" + i));
        }
        HttpCalls.Reply r = http.post("/v1/decisions/batch", body.append("]").toString());
        assertEquals(400, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("body", ((List<Map<String, Object>>) (List<?>) r.json().get("errors")).get(0).get("field"));
        assertEquals(before, store.count());
    }

    @Test
    void aBodyThatIsNotAnArrayIsMalformed() {
        HttpCalls.Reply r = http.post("/v1/decisions/batch", student("not-array"));
        assertEquals(400, r.status(), r.body());
        assertEquals("malformed_json", r.json().get("code"));
        HttpCalls.Reply cut = http.post("/v1/decisions/batch", "[" + student("cut"));
        assertEquals(400, cut.status(), cut.body());
        assertEquals("malformed_json", cut.json().get("code"));
    }

    @Test
    void anEmptyArrayIsAnEmptyAnswer() {
        HttpCalls.Reply r = http.post("/v1/decisions/batch", " [ ] ");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"decided\":0,\"failed\":0,\"items\":[]}", r.body());
    }
}
