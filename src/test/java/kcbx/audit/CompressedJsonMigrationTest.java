package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import kcbx.system.StoredJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Since V18 a decision's request and decision JSON are stored zstd-compressed (request_z,
 * decision_z); rows written before keep them as text (request_json, decision_json). Both forms,
 * side by side, read back as they were answered, replay, verify and export; a change to either
 * form's columns is named by verify. Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class CompressedJsonMigrationTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    HttpCalls http;
    PlainSql sql;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
        sql = new PlainSql(dataSource);
    }

    private HttpCalls.Reply decide(String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"%s","schoolId":"z-school","name":"王小明"},
                 "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
                """.formatted(studentId));
        assertEquals(200, r.status(), r.body());
        return r;
    }

    /** Turns a row into the form the code before V18 wrote: the JSON as text, no compressed columns. */
    private void toOldForm(String decisionId) throws Exception {
        String request = sql.storedJson("request", decisionId);
        String decision = sql.storedJson("decision", decisionId);
        sql.update("UPDATE decision_record SET request_json = ?, decision_json = ?, request_z = NULL, decision_z = NULL"
                + " WHERE decision_id = ?", request, decision, decisionId);
    }

    @Test
    void oldTextRowsAndNewCompressedRowsReadReplayVerifyAndExport() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        HttpCalls.Reply oldAnswer = decide("z-old");
        HttpCalls.Reply newAnswer = decide("z-new");
        String oldId = oldAnswer.json().get("decisionId").toString();
        String newId = newAnswer.json().get("decisionId").toString();

        Map<String, Object> stored = sql.rows("SELECT request_json, decision_json, request_z, decision_z"
                + " FROM decision_record WHERE decision_id = ?", newId).get(0);
        assertNull(stored.get("request_json"), "a new row stores no text");
        assertNull(stored.get("decision_json"));
        byte[] z = (byte[]) stored.get("decision_z");
        assertNotNull(z);
        String decisionText = StoredJson.decompress(z);
        assertTrue(z.length * 3 < 2 * decisionText.getBytes(StandardCharsets.UTF_8).length,
                () -> z.length + " compressed bytes for " + decisionText.length() + " characters");
        assertTrue(StoredJson.decompress((byte[]) stored.get("request_z")).contains("王小明"));
        assertTrue(decisionText.contains("\"decidedAt\":\"1970-01-01T00:00:00Z\""),
                "the time is stored once, as decided_at_ms, not again in the decision's JSON: " + decisionText);

        toOldForm(oldId);
        assertNull(sql.rows("SELECT request_z FROM decision_record WHERE decision_id = ?", oldId).get(0).get("request_z"));
        try {
            for (HttpCalls.Reply answer : List.of(oldAnswer, newAnswer)) {
                String id = answer.json().get("decisionId").toString();
                HttpCalls.Reply read = http.get("/v1/decisions/" + id);
                assertEquals(200, read.status(), read.body());
                assertEquals(answer.body(), read.body(), "read back byte for byte as answered: " + id);
                HttpCalls.Reply replay = http.post("/v1/decisions/" + id + "/replay", "");
                assertEquals(200, replay.status(), replay.body());
                assertEquals(true, replay.json().get("reproduced"), replay.body());
            }
            Map<String, Object> verified = AuditChecks.verify(http, "");
            assertEquals(true, verified.get("ok"), verified::toString);

            HttpCalls.Reply exported = http.get("/v1/audit/export?chain=helan&from="
                    + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&to="
                    + URLEncoder.encode(Instant.now().plusMillis(1).toString(), StandardCharsets.UTF_8));
            assertEquals(200, exported.status(), exported.body());
            String export = exported.body();
            for (String id : List.of(oldId, newId)) {
                String line = export.lines().filter(l -> l.contains("\"recordId\":\"" + id + "\"")).findFirst()
                        .orElseThrow(() -> new AssertionError(id + " not exported: " + export));
                Map<String, Object> content = http.read(http.read(line).get("content").toString());
                assertEquals(http.read(sql.storedJson("decision", id)), content.get("decision"),
                        "the chained text embeds the decision as stored");
            }

            // a change to the old form's text is named, as before V18
            String oldText = sql.storedJson("decision", oldId);
            sql.update("UPDATE decision_record SET decision_json = ? WHERE decision_id = ?",
                    oldText.replace("z-old", "z-forged"), oldId);
            Map<String, Object> v = AuditChecks.verify(http, "?chain=helan");
            assertEquals(oldId, AuditChecks.failure(v).get("recordId"), v::toString);
            assertEquals("content_mismatch", AuditChecks.failure(v).get("problem"));
            assertEquals(409, http.get("/v1/decisions/" + oldId).status());
            sql.update("UPDATE decision_record SET decision_json = ? WHERE decision_id = ?", oldText, oldId);

            // a text written beside a compressed row is read first, so it cannot hide behind the chain
            String newText = sql.storedJson("request", newId);
            sql.update("UPDATE decision_record SET request_json = ? WHERE decision_id = ?",
                    newText.replace("王小明", "王小红"), newId);
            v = AuditChecks.verify(http, "?chain=helan");
            assertEquals(newId, AuditChecks.failure(v).get("recordId"), v::toString);
            assertEquals(409, http.get("/v1/decisions/" + newId).status());
            sql.update("UPDATE decision_record SET request_json = NULL WHERE decision_id = ?", newId);
            assertEquals(true, AuditChecks.verify(http, "").get("ok"));
        } finally {
            sql.update("UPDATE decision_record SET decision_json = NULL, request_json = NULL, decision_z = ?,"
                    + " request_z = ? WHERE decision_id = ?", StoredJson.compress(sql.storedJson("decision", oldId)),
                    StoredJson.compress(sql.storedJson("request", oldId)), oldId);
        }
    }
}
