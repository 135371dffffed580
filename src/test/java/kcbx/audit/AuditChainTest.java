package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import kcbx.system.StoredJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The decision log is a hash chain: a row changed behind the service's back is named by verify,
 * and concurrent writers never fork or break the chain. Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class AuditChainTest {
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

    private String decide(String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"%s","schoolId":"chain-school"},
                 "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
                """.formatted(studentId));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private Map<String, Object> verify(String query) {
        return AuditChecks.verify(http, query);
    }

    private static Map<String, Object> failure(Map<String, Object> verification) {
        return AuditChecks.failure(verification);
    }

    @Test
    void verifyNamesTheDecisionWhoseRowWasChangedWithPlainSql() throws Exception {
        decide("chain-before");
        String victim = decide("chain-victim");
        decide("chain-after");
        assertEquals(true, verify("").get("ok"), () -> "before tampering: " + verify(""));
        long seq = sql.number("SELECT seq FROM audit_chain WHERE record_type = 'decision' AND record_id = ?"
                + " AND chain_name = 'helan'", victim);

        String original = sql.storedJson("decision", victim);
        String forged = original.replace("\"profile\":\"helan\"", "\"profile\":\"baseline\"");
        assertFalse(forged.equals(original));
        // the compressed column, rewritten with the forged text compressed as the service would
        sql.update("UPDATE decision_record SET decision_z = ? WHERE decision_id = ?", StoredJson.compress(forged), victim);
        try {
            Map<String, Object> all = verify("");
            assertEquals(false, all.get("ok"));
            assertEquals(victim, failure(all).get("recordId"));
            assertEquals("helan", failure(all).get("chain"));
            Map<String, Object> v = verify("?chain=helan");
            assertEquals(false, v.get("ok"));
            assertEquals(victim, failure(v).get("recordId"));
            assertEquals(seq, ((Number) failure(v).get("seq")).longValue());
            assertEquals("content_mismatch", failure(v).get("problem"));
            assertEquals(seq - 1, ((Number) v.get("checked")).longValue(), "every record before it was checked");
            assertEquals(true, verify("?chain=helan&fromSeq=" + (seq + 1)).get("ok"), "a range after the row still holds");
            assertEquals(false, verify("?chain=helan&fromSeq=" + seq + "&toSeq=" + seq).get("ok"),
                    "a range holding it fails");
        } finally {
            sql.update("UPDATE decision_record SET decision_z = ? WHERE decision_id = ?", StoredJson.compress(original),
                    victim);
        }
        assertEquals(true, verify("").get("ok"), "restoring the bytes restores the chain");
    }

    @Test
    void aChangedScalarColumnIsFoundToo() throws Exception {
        String victim = decide("chain-scalar");
        String school = sql.text("SELECT school_id FROM decision_record WHERE decision_id = ?", victim);
        sql.update("UPDATE decision_record SET school_id = 'other-school' WHERE decision_id = ?", victim);
        try {
            Map<String, Object> v = verify("");
            assertEquals(victim, failure(v).get("recordId"), v::toString);
            assertEquals("content_mismatch", failure(v).get("problem"));
        } finally {
            sql.update("UPDATE decision_record SET school_id = ? WHERE decision_id = ?", school, victim);
        }
    }

    @Test
    void aRewrittenChainEntryBreaksItsLink() throws Exception {
        String victim = decide("chain-link");
        Object hash = sql.rows("SELECT content_hash FROM audit_chain WHERE record_id = ?", victim).get(0).get("content_hash");
        sql.update("UPDATE audit_chain SET content_hash = ? WHERE record_id = ?", ChainHash.stored("f".repeat(64)), victim);
        try {
            Map<String, Object> v = verify("");
            assertEquals(victim, failure(v).get("recordId"), v::toString);
            assertEquals("link_mismatch", failure(v).get("problem"));
        } finally {
            sql.update("UPDATE audit_chain SET content_hash = ? WHERE record_id = ?", hash, victim);
        }
    }

    @Test
    void aDecisionInsertedAroundTheServiceIsUnchained() throws Exception {
        String id = UUID.randomUUID().toString();
        sql.update("INSERT INTO decision_record (decision_id, student_id, school_id, profile, as_of, ruleset_version,"
                + " risk_level, decided_at_ms, request_json, decision_json) VALUES (?, 'forged', NULL, 'helan',"
                + " DATE '2025-09-10', 'x', 'NONE', 0, '{}', '{}')", id);
        try {
            Map<String, Object> v = verify("");
            assertEquals(false, v.get("ok"));
            assertEquals("unchained_record", failure(v).get("problem"));
            assertEquals(id, failure(v).get("recordId"));
        } finally {
            sql.update("DELETE FROM decision_record WHERE decision_id = ?", id);
        }
    }

    @Test
    void theChainStaysWholeUnder32ConcurrentWriters() throws Exception {
        int writers = 32;
        int each = 4;
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AuditChecks.concurrently(writers, writer -> {
            for (int i = 0; i < each; i++) {
                ids.add(decide("writer-" + writer + "-" + i));
            }
        });
        assertEquals(writers * each, ids.size());
        assertEquals(true, verify("").get("ok"));
        Map<String, Object> v = verify("?chain=helan");
        assertEquals(true, v.get("ok"), v::toString);
        assertEquals(v.get("headSeq"), v.get("toSeq"));
        assertTrue(((Number) v.get("checked")).longValue() >= writers * each);

        Set<Long> seqs = new HashSet<>();
        long lastTime = Long.MIN_VALUE;
        long lastSeq = Long.MIN_VALUE;
        for (String id : ids) {
            seqs.add(sql.number("SELECT seq FROM audit_chain WHERE record_id = ?", id));
        }
        assertEquals(ids.size(), seqs.size(), "every decision has its own place in the chain");
        for (long seq : seqs.stream().sorted().toList()) {
            long time = sql.number("SELECT d.decided_at_ms FROM audit_chain a JOIN decision_record d"
                    + " ON d.decision_id = a.record_id WHERE a.chain_name = 'helan' AND a.seq = ?", seq);
            assertFalse(time < lastTime, "decidedAt never goes back along the chain (seq " + seq + ")");
            assertTrue(seq > lastSeq);
            lastTime = time;
            lastSeq = seq;
        }
    }

    @Test
    void aRangeThatRunsPastTheHeadIsCheckedUpToIt() {
        decide("chain-range");
        Map<String, Object> v = verify("?chain=helan&fromSeq=1&toSeq=999999999");
        assertEquals(true, v.get("ok"), v::toString);
        HttpCalls.Reply bad = http.get("/v1/audit/verify?chain=helan&fromSeq=5&toSeq=2");
        assertEquals(400, bad.status());
        assertEquals("invalid_field", bad.json().get("code"));
    }

    @Test
    void aSeqRangeNeedsAChainAndAChainMustExist() {
        decide("chain-named");
        HttpCalls.Reply noChain = http.get("/v1/audit/verify?fromSeq=1");
        assertEquals(400, noChain.status(), noChain.body());
        assertTrue(noChain.body().contains("\"field\":\"chain\""), noChain.body());
        HttpCalls.Reply unknown = http.get("/v1/audit/verify?chain=no-such-county");
        assertEquals(404, unknown.status(), unknown.body());
        HttpCalls.Reply notAName = http.get("/v1/audit/verify?chain=" + java.net.URLEncoder.encode("he lan'--",
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(400, notAName.status(), notAName.body());
        HttpCalls.Reply tooLong = http.get("/v1/audit/verify?chain=" + "x".repeat(33));
        assertEquals(400, tooLong.status(), tooLong.body());
    }

    @Test
    void eachCountyHasItsOwnChainAndEveryChainIsWalked() throws Exception {
        String helan = decide("chain-county-helan");
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"baiyin","asOf":"2025-09-10","student":{"id":"chain-county-baiyin","schoolId":"chain-school"},
                 "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""");
        assertEquals(200, r.status(), r.body());
        String baiyin = r.json().get("decisionId").toString();
        assertEquals("helan", sql.text("SELECT chain_name FROM audit_chain WHERE record_id = ?", helan));
        assertEquals("baiyin", sql.text("SELECT chain_name FROM audit_chain WHERE record_id = ?", baiyin));
        long helanHead = sql.number("SELECT last_seq FROM audit_chain_head WHERE chain_name = 'helan'");
        assertEquals(helanHead, sql.number("SELECT COUNT(*) FROM audit_chain WHERE chain_name = 'helan'"),
                "a chain's seq counts its own records only");
        Map<String, Object> all = verify("");
        assertEquals(true, all.get("ok"), all::toString);
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> chains = (java.util.List<Map<String, Object>>) all.get("chains");
        Set<String> names = new HashSet<>();
        long checked = 0;
        for (Map<String, Object> c : chains) {
            names.add(c.get("chain").toString());
            checked += ((Number) c.get("checked")).longValue();
        }
        assertTrue(names.containsAll(Set.of("helan", "baiyin")), names::toString);
        assertEquals(checked, ((Number) all.get("checked")).longValue());
        // the first record of a county's chain is bound to its name
        assertEquals(ChainHash.genesis("baiyin"),
                ChainHash.read((byte[]) sql.rows("SELECT prev_hash FROM audit_chain WHERE chain_name = 'baiyin' AND seq = 1")
                        .get(0).get("prev_hash")));
    }
}
