package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import kcbx.system.StoredJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A decision whose JSON is stored in frames of the shipped zstd dictionaries (V19) reads back as
 * it was answered, replays and verifies; beside it a row in V18's frames without a dictionary
 * does the same; and a change to a dictionary frame's text, or another decision's frame put in
 * its place, is named by verify and refused by GET, as for every other stored form; so is a changed
 * byte, which no frame reads past (its checksum). Runs on H2
 * and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class DictionaryJsonChainTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    private HttpCalls.Reply decide(HttpCalls http, String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"%s","schoolId":"dz-school","name":"王小明"},
                 "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
                """.formatted(studentId));
        assertEquals(200, r.status(), r.body());
        return r;
    }

    @Test
    void dictionaryFramesReadReplayAndVerifyAndTheirTamperingIsNamed() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        PlainSql sql = new PlainSql(dataSource);
        HttpCalls.Reply plain = decide(http, "dz-plain");
        HttpCalls.Reply withDictionary = decide(http, "dz-dict");
        String plainId = plain.json().get("decisionId").toString();
        String id = withDictionary.json().get("decisionId").toString();
        String request = sql.storedJson("request", id);
        String decision = sql.storedJson("decision", id);
        // the row in frames with the dictionaries, the time inside the decision (as a row of V19 before the time was stored once)
        byte[] requestZ = StoredJson.compressRequest(request);
        byte[] decisionZ = StoredJson.compressDecision(decision);
        assertNotEquals(0, Zstd.getDictIdFromFrame(requestZ));
        assertNotEquals(0, Zstd.getDictIdFromFrame(decisionZ));
        sql.update("UPDATE decision_record SET request_z = ?, decision_z = ? WHERE decision_id = ?", requestZ, decisionZ, id);
        // the other row as V18 stored it: frames without a dictionary, the time inside the decision
        sql.update("UPDATE decision_record SET request_z = ?, decision_z = ? WHERE decision_id = ?",
                StoredJson.compress(sql.storedJson("request", plainId)),
                StoredJson.compress(sql.storedJson("decision", plainId)), plainId);
        assertEquals(0, Zstd.getDictIdFromFrame((byte[]) sql.rows("SELECT decision_z FROM decision_record WHERE decision_id = ?",
                plainId).get(0).get("decision_z")), "the other row holds V18's frame without a dictionary");

        for (HttpCalls.Reply answer : java.util.List.of(plain, withDictionary)) {
            String d = answer.json().get("decisionId").toString();
            HttpCalls.Reply read = http.get("/v1/decisions/" + d);
            assertEquals(200, read.status(), read.body());
            assertEquals(answer.body(), read.body(), "read back byte for byte as answered: " + d);
            HttpCalls.Reply replay = http.post("/v1/decisions/" + d + "/replay", "");
            assertEquals(200, replay.status(), replay.body());
            assertEquals(true, replay.json().get("reproduced"), replay.body());
        }
        assertEquals(true, AuditChecks.verify(http, "?chain=helan").get("ok"));

        try {
            // a forged text in a dictionary frame
            sql.update("UPDATE decision_record SET decision_z = ? WHERE decision_id = ?",
                    StoredJson.compressDecision(decision.replace("dz-dict", "dz-forged")), id);
            Map<String, Object> v = AuditChecks.verify(http, "?chain=helan");
            assertEquals(id, AuditChecks.failure(v).get("recordId"), v::toString);
            assertEquals("content_mismatch", AuditChecks.failure(v).get("problem"));
            assertEquals(409, http.get("/v1/decisions/" + id).status());

            // another decision's request frame put in this row's place
            sql.update("UPDATE decision_record SET decision_z = ?, request_z = ? WHERE decision_id = ?", decisionZ,
                    StoredJson.compressRequest(sql.storedJson("request", plainId)), id);
            v = AuditChecks.verify(http, "?chain=helan");
            assertEquals(id, AuditChecks.failure(v).get("recordId"), v::toString);
            assertEquals("content_mismatch", AuditChecks.failure(v).get("problem"));
            assertEquals(409, http.get("/v1/decisions/" + id).status());

            // one byte of the frame changed: the frame's checksum fails, so no other text is ever read
            byte[] changed = decisionZ.clone();
            changed[changed.length / 2] ^= 0x20;
            sql.update("UPDATE decision_record SET request_z = ?, decision_z = ? WHERE decision_id = ?", requestZ, changed, id);
            v = AuditChecks.verify(http, "?chain=helan");
            assertEquals(id, AuditChecks.failure(v).get("recordId"), v::toString);
            assertEquals("content_mismatch", AuditChecks.failure(v).get("problem"));
            assertTrue(AuditChecks.failure(v).get("detail").toString().contains("cannot be read"), v::toString);
            assertNotEquals(200, http.get("/v1/decisions/" + id).status());
        } finally {
            sql.update("UPDATE decision_record SET request_z = ?, decision_z = ? WHERE decision_id = ?", requestZ, decisionZ, id);
        }
        assertEquals(true, AuditChecks.verify(http, "").get("ok"));
        assertTrue(http.get("/v1/decisions/" + id).body().contains("dz-dict"));
    }
}
