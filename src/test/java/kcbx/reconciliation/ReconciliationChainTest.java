package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import kcbx.audit.AuditChecks;
import kcbx.audit.AuditLog;
import kcbx.audit.PlainSql;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored reconciliation is a record of the audit chain, with decisions, in one chain: a finding
 * or header row changed behind the service's back is named by verify, the chain head is locked
 * only once the findings are written, and an export of decisions and reconciliations verifies
 * offline with the findings hashed again. Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class ReconciliationChainTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Inject
    DataSource dataSource;

    @Inject
    ReconciliationStore store;

    @Inject
    AuditLog log;

    @Inject
    TransactionOperations<Connection> tx;

    @TempDir
    Path tmp;

    HttpCalls http;
    HttpCalls officer;
    PlainSql sql;
    String request;

    @BeforeEach
    void setUp() throws Exception {
        http = new HttpCalls(client, json);
        officer = http.as(CountyOfficer.token(credentials));
        sql = new PlainSql(dataSource);
        Map<String, Object> scenario = http.read(Files.readString(
                Path.of("test-fixtures", "reconciliations", "bad-check-digits.json")));
        request = http.write(scenario.get("request"));
    }

    private String reconcile() {
        HttpCalls.Reply r = officer.post("/v1/reconciliations", request);
        assertEquals(200, r.status(), r.body());
        return r.json().get("reconciliationId").toString();
    }

    private String decide(String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"baiyin","asOf":"2025-09-10","student":{"id":"%s","schoolId":"chain-school"},
                 "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""".formatted(studentId));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private Map<String, Object> verify(String query) {
        return AuditChecks.verify(http, query);
    }

    private static Map<String, Object> failure(Map<String, Object> verification) {
        return AuditChecks.failure(verification);
    }

    private long chainSeq(String reconciliationId) throws Exception {
        return sql.number("SELECT seq FROM audit_chain WHERE record_type = 'reconciliation' AND record_id = ?",
                reconciliationId);
    }

    /** SQL sent around the service. */
    @FunctionalInterface
    private interface Tampering {
        void run() throws Exception;
    }

    /** Verify names this reconciliation as changed; then the row is put back and the chain holds again. */
    private void assertNamedAsChanged(String id, Tampering change, Tampering restore) throws Exception {
        long seq = chainSeq(id);
        change.run();
        try {
            Map<String, Object> v = verify("");
            assertEquals(false, v.get("ok"), v::toString);
            assertEquals("reconciliation", failure(v).get("recordType"));
            assertEquals(id, failure(v).get("recordId"));
            assertEquals(seq, ((Number) failure(v).get("seq")).longValue());
            assertEquals("content_mismatch", failure(v).get("problem"));
            assertEquals(false, verify("?chain=baiyin&fromSeq=" + seq + "&toSeq=" + seq).get("ok"), "a range holding it fails");
        } finally {
            restore.run();
        }
        assertEquals(true, verify("").get("ok"), "restoring the row restores the chain");
    }

    @Test
    void aStoredReconciliationIsInTheChainAfterItsFindings() throws Exception {
        String before = decide("recon-chain-before");
        String id = reconcile();
        long seq = chainSeq(id);
        assertTrue(seq > sql.number("SELECT seq FROM audit_chain WHERE record_id = ?", before));
        assertEquals(1, sql.number("SELECT COUNT(*) FROM audit_chain WHERE record_id = ?", id));
        Map<String, Object> v = verify("");
        assertEquals(true, v.get("ok"), v::toString);
        assertEquals(true, verify("?chain=baiyin&fromSeq=" + seq + "&toSeq=" + seq).get("ok"));
    }

    @Test
    void aChangedFindingRowIsNamedByVerify() throws Exception {
        String id = reconcile();
        long pk = sql.number("SELECT id FROM reconciliation WHERE reconciliation_id = ?", id);
        String row = " FROM reconciliation_finding WHERE reconciliation_pk = ? AND seq = 3";
        String json = sql.text("SELECT finding_json" + row, pk);
        long sortKey = sql.number("SELECT sort_key" + row, pk);
        String code = sql.text("SELECT code" + row, pk);
        String where = " WHERE reconciliation_pk = ? AND seq = 3";
        String forged = json.replace("\"list\":", "\"list\" :");
        assertFalse(forged.equals(json));
        Tampering putBack = () -> sql.update("UPDATE reconciliation_finding SET finding_json = ?, sort_key = ?"
                + where, json, sortKey, pk);
        assertNamedAsChanged(id, () -> sql.update("UPDATE reconciliation_finding SET finding_json = ?" + where,
                forged, pk), putBack);
        assertNamedAsChanged(id, () -> sql.update("UPDATE reconciliation_finding SET sort_key = ?" + where,
                sortKey + 1, pk), putBack);
        assertNamedAsChanged(id, () -> sql.update("DELETE FROM reconciliation_finding" + where, pk),
                () -> sql.update("INSERT INTO reconciliation_finding (reconciliation_pk, seq, sort_key, code,"
                        + " finding_json) VALUES (?, 3, ?, ?, ?)", pk, sortKey, code, json));
    }

    @Test
    void aChangedHeaderRowIsNamedByVerify() throws Exception {
        String id = reconcile();
        String where = " WHERE reconciliation_id = ?";
        assertNamedAsChanged(id, () -> sql.update("UPDATE reconciliation SET profile = 'helan'" + where, id),
                () -> sql.update("UPDATE reconciliation SET profile = 'baiyin'" + where, id));
        assertNamedAsChanged(id, () -> sql.update("UPDATE reconciliation SET finding_count = finding_count - 1" + where, id),
                () -> sql.update("UPDATE reconciliation SET finding_count = finding_count + 1" + where, id));
    }

    @Test
    void aReconciliationInsertedAroundTheServiceIsUnchained() throws Exception {
        String id = UUID.randomUUID().toString();
        sql.update("INSERT INTO reconciliation (reconciliation_id, profile, as_of, ruleset_version, created_at_ms,"
                + " finding_count, summary_json) VALUES (?, 'helan', DATE '2025-09-10', 'x', 0, 0, '{}')", id);
        try {
            Map<String, Object> v = verify("");
            assertEquals(false, v.get("ok"));
            assertEquals("unchained_record", failure(v).get("problem"));
            assertEquals("reconciliation", failure(v).get("recordType"));
            assertEquals(id, failure(v).get("recordId"));
        } finally {
            sql.update("DELETE FROM reconciliation WHERE reconciliation_id = ?", id);
        }
    }

    @Test
    void theChainAppendJoinsTheCallersTransaction() throws Exception {
        decide("recon-chain-head"); // baiyin's chain exists
        String probe = UUID.randomUUID().toString();
        String headBefore = sql.text("SELECT last_hash FROM audit_chain_head WHERE chain_name = 'baiyin'");
        Connection[] seen = new Connection[2];
        assertThrows(IllegalStateException.class, () -> tx.executeWrite(status -> {
            seen[0] = status.getConnection();
            log.append("probe", "baiyin", (c, at) -> {
                seen[1] = c;
                return new AuditLog.Appended<>(probe, "{}", null);
            });
            throw new IllegalStateException("roll back after the append");
        }));
        assertNotNull(seen[1]);
        assertSame(seen[0], seen[1], "the append ran on the caller's connection");
        assertEquals(0, sql.number("SELECT COUNT(*) FROM audit_chain WHERE record_id = ?", probe),
                "the entry was rolled back with the caller's transaction");
        assertEquals(headBefore, sql.text("SELECT last_hash FROM audit_chain_head WHERE chain_name = 'baiyin'"));
        assertEquals(true, verify("").get("ok"));
    }

    @Test
    void aReconciliationThatCannotBeChainedIsNotStored() throws Exception {
        long before = sql.number("SELECT COUNT(*) FROM reconciliation");
        long findings = sql.number("SELECT COUNT(*) FROM reconciliation_finding");
        sql.update("ALTER TABLE audit_chain_head RENAME TO audit_chain_head_away");
        HttpCalls.Reply r;
        try {
            r = officer.post("/v1/reconciliations", request);
        } finally {
            sql.update("ALTER TABLE audit_chain_head_away RENAME TO audit_chain_head");
        }
        assertEquals(503, r.status(), r.body());
        assertEquals("storage_unavailable", r.json().get("code"));
        assertEquals(before, sql.number("SELECT COUNT(*) FROM reconciliation"), "the header was rolled back");
        assertEquals(findings, sql.number("SELECT COUNT(*) FROM reconciliation_finding"), "and its findings");
        assertEquals(true, verify("").get("ok"));
    }

    @Test
    void decisionsAreNotHeldUpWhileAReconciliationWritesItsFindings() throws Exception {
        String id = UUID.randomUUID().toString();
        String[] decided = new String[1];
        store.record(id, "baiyin", LocalDate.of(2025, 9, 10), "test", System.currentTimeMillis(), writer -> {
            for (int i = 0; i < ReconciliationStore.BATCH_ROWS + 10; i++) {
                writer.write(i, "OUT_OF_SCHOOL", "{\"n\":" + i + "}");
            }
            // findings are in the table, uncommitted: a decision in another transaction must not wait
            try {
                decided[0] = CompletableFuture.supplyAsync(() -> decide("recon-chain-meanwhile")).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a decision waited for the reconciliation being stored", e);
            }
            return "{}";
        });
        long decisionSeq = sql.number("SELECT seq FROM audit_chain WHERE record_id = ?", decided[0]);
        assertTrue(chainSeq(id) > decisionSeq, "the reconciliation took its place when it was stored, after the decision");
        assertEquals(true, verify("").get("ok"));
    }

    @Test
    void aCountysDecisionsAndReconciliationsShareItsChainUnderConcurrentWriters() throws Exception {
        int decisionWriters = 10;
        int reconciliationWriters = 4;
        int each = 3;
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AuditChecks.concurrently(decisionWriters + reconciliationWriters, writer -> {
            for (int i = 0; i < each; i++) {
                ids.add(writer < decisionWriters ? decide("mixed-" + writer + "-" + i) : reconcile());
            }
        });
        assertEquals(true, verify("").get("ok"));
        Map<String, Object> v = verify("?chain=baiyin");
        assertEquals(true, v.get("ok"), v::toString);
        assertEquals(v.get("headSeq"), v.get("toSeq"));
        Set<Long> seqs = new HashSet<>();
        for (String id : ids) {
            seqs.add(sql.number("SELECT seq FROM audit_chain WHERE record_id = ?", id));
        }
        assertEquals((decisionWriters + reconciliationWriters) * each, seqs.size(), "each record has its own place");
        assertEquals(reconciliationWriters * each, sql.number("SELECT COUNT(*) FROM audit_chain WHERE record_type ="
                + " 'reconciliation' AND chain_name = 'baiyin' AND seq >= ? AND seq <= ?", seqs.stream().min(Long::compare).orElseThrow(),
                seqs.stream().max(Long::compare).orElseThrow()));
    }

    @Test
    void anExportOfDecisionsAndReconciliationsVerifiesOffline() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        decide("recon-export-1");
        String small = reconcile();
        // more findings than a page of the digest and of the export, with text that needs escaping
        String large = UUID.randomUUID().toString();
        int count = ReconciliationRecordSql.PAGE * 2 + 17;
        store.record(large, "baiyin", LocalDate.of(2025, 9, 10), "test", System.currentTimeMillis(), writer -> {
            for (int i = 0; i < count; i++) {
                writer.write(count - i, "OUT_OF_SCHOOL", "{\"n\":" + i + ",\"reason\":\"户籍在册\\\"无学籍\\n\"}");
            }
            return "{\"findings\":" + count + "}";
        });
        decide("recon-export-2");
        Instant to = Instant.now().plusMillis(1);
        List<String> lines = export(from, to);
        long smallFindings = sql.number("SELECT finding_count FROM reconciliation WHERE reconciliation_id = ?", small);
        assertEquals(4 + smallFindings + count + 2, lines.size(), "4 records, their findings, the trailer, the end");
        int smallAt = indexOf(lines, "\"recordId\":\"" + small + "\"");
        assertTrue(lines.get(smallAt + 1).startsWith("{\"findingOf\":\"" + small + "\",\"findingSeq\":0,"));
        assertVerdict(0, lines, "OK 4 record(s) in 1 chain(s)");

        int largeAt = indexOf(lines, "\"recordId\":\"" + large + "\"");
        List<String> tampered = new ArrayList<>(lines);
        tampered.set(largeAt + 2500, lines.get(largeAt + 2500).replace("OUT_OF_SCHOOL", "ENROLLMENT_AGE_REACHED"));
        assertVerdict(1, tampered, "FAIL line " + (largeAt + 1 + count) + " (finding " + (count - 1)
                + " of reconciliation " + large + ") ends the findings");

        List<String> dropped = new ArrayList<>(lines);
        dropped.remove(smallAt + 2);
        assertVerdict(1, dropped, "FAIL line " + (smallAt + 3) + " (finding 2 of reconciliation " + small
                + ") has findingSeq 2 where 1 follows");

        List<String> cut = new ArrayList<>(lines.subList(0, largeAt + 100));
        assertVerdict(1, cut, "cut short");

        List<String> stray = new ArrayList<>(lines);
        stray.add(1, lines.get(smallAt + 1));
        assertVerdict(1, stray, "FAIL line 2 (finding 0 of reconciliation " + small + ") is a finding that no");
    }

    private List<String> export(Instant from, Instant to) {
        String body = client.toBlocking().retrieve(HttpRequest.GET("/v1/audit/export?from="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8) + "&chain=baiyin").bearerAuth(TestCredentials.defaultToken()));
        return body.lines().toList();
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part) && lines.get(i).contains("\"recordType\"")) {
                return i;
            }
        }
        throw new AssertionError("no line has " + part);
    }

    private void assertVerdict(int exit, List<String> lines, String expected) throws Exception {
        AuditChecks.assertVerdict(tmp, lines, exit, expected, "640122");
    }
}
