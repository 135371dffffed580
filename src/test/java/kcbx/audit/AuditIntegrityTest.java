package kcbx.audit;

import kcbx.store.DecisionRecordSql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import kcbx.system.StoredJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 17.4 on the audit log, each tried with plain SQL around the service: the
 * end of the chain cut back or rewritten (named by verify and by the offline verifier, held to a
 * checkpoint signed before), and rows written around the service (not served). Every test puts
 * back what it changed. Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class AuditIntegrityTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    Checkpointer checkpointer;

    @Inject
    CheckpointSigner signer;

    @Inject
    CheckpointSink sink;

    @TempDir
    Path tmp;

    HttpCalls http;
    PlainSql sql;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
        sql = new PlainSql(dataSource);
    }

    private String decide(String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"%s","schoolId":"integrity-school","name":"王五"},
                 "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
                """.formatted(studentId));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private Map<String, Object> verify() {
        return AuditChecks.verify(http, "");
    }

    /** The export of the last minute, as lines. */
    private List<String> export(Instant from) {
        Instant to = Instant.now().plusSeconds(1);
        HttpCalls.Reply r = http.get("/v1/audit/export?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body());
        return r.body().lines().toList();
    }

    /** The offline verdict on export lines held to this instance's checkpoints file and public key. */
    private String offline(List<String> lines, int exit) throws Exception {
        Path export = Files.write(tmp.resolve("export-" + System.nanoTime() + ".ndjson"), lines, StandardCharsets.UTF_8);
        Path pub = tmp.resolve("checkpoint.pub");
        Files.writeString(pub, signer.publicKeyText());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifyExport.verify(export, ((FileCheckpointSink) sink).file(), pub,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(exit, code, printed);
        assertFalse(printed.contains("王五"), "the verdict never prints a child's data");
        return printed;
    }

    /** Every row the newest decision put in the database, to take away and put back. */
    private record Saved(Map<String, Object> head, List<Map<String, Object>> chain, List<Map<String, Object>> record,
                         List<Map<String, Object>> flags, List<Map<String, Object>> report,
                         List<Map<String, Object>> ledgers) {
    }

    private Saved save(String decisionId) throws Exception {
        long pk = sql.number("SELECT id FROM decision_record WHERE decision_id = ?", decisionId);
        return new Saved(sql.rows("SELECT * FROM audit_chain_head WHERE chain_name = 'helan'").get(0),
                sql.rows("SELECT * FROM audit_chain WHERE record_type = 'decision' AND record_id = ?", decisionId),
                sql.rows("SELECT * FROM decision_record WHERE id = ?", pk),
                sql.rows("SELECT * FROM decision_flag WHERE decision_pk = ?", pk),
                sql.rows("SELECT * FROM report_decision WHERE decision_pk = ?", pk),
                sql.rows("SELECT * FROM decision_ledger WHERE decision_pk = ?", pk));
    }

    /** A checkpoint of every chain that moved, and of helan's among them. */
    private java.util.Optional<Checkpoint> helanCheckpoint() throws Exception {
        return checkpointer.checkpointNow().stream().filter(c -> c.chainName().equals("helan")).findFirst();
    }

    private void remove(Saved s) throws Exception {
        long pk = ((Number) s.record().get(0).get("id")).longValue();
        sql.update("DELETE FROM decision_ledger WHERE decision_pk = ?", pk);
        sql.update("DELETE FROM report_decision WHERE decision_pk = ?", pk);
        sql.update("DELETE FROM decision_flag WHERE decision_pk = ?", pk);
        sql.update("DELETE FROM audit_chain WHERE chain_name = 'helan' AND seq = ?", s.chain().get(0).get("seq"));
        sql.update("DELETE FROM decision_record WHERE id = ?", pk);
    }

    private void restore(Saved s) throws Exception {
        sql.insert("decision_record", s.record());
        sql.insert("audit_chain", s.chain());
        sql.insert("decision_flag", s.flags());
        sql.insert("report_decision", s.report());
        sql.insert("decision_ledger", s.ledgers());
        setHead(s.head());
    }

    private void setHead(Map<String, Object> head) throws Exception {
        sql.update("UPDATE audit_chain_head SET last_seq = ?, last_hash = ?, last_recorded_at_ms = ?"
                + " WHERE chain_name = 'helan'", head.get("last_seq"), head.get("last_hash") instanceof byte[] bytes
                        ? ChainHash.read(bytes) : head.get("last_hash"), head.get("last_recorded_at_ms"));
    }

    @Test
    void theNewestDecisionDeletedWithItsChainRowAndTheHeadRewoundIsNamed() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        decide("integrity-kept");
        String victim = decide("integrity-truncated");
        assertTrue(helanCheckpoint().isPresent(), "a checkpoint of helan's head is written");
        assertEquals(true, verify().get("ok"), () -> "before: " + verify());
        Saved saved = save(victim);
        long seq = ((Number) saved.chain().get(0).get("seq")).longValue();
        Map<String, Object> before = sql.rows("SELECT seq AS last_seq, chain_hash AS last_hash,"
                + " recorded_at_ms AS last_recorded_at_ms FROM audit_chain WHERE chain_name = 'helan' AND seq = ?", seq - 1).get(0);
        remove(saved);
        setHead(before);
        try {
            Map<String, Object> v = verify();
            assertEquals(false, v.get("ok"), v::toString);
            assertEquals("chain_truncated", AuditChecks.failure(v).get("problem"), v::toString);
            assertEquals(seq, ((Number) AuditChecks.failure(v).get("seq")).longValue());

            List<String> lines = export(from);
            assertEquals(0, VerifyExport.verify(Files.write(tmp.resolve("plain.ndjson"), lines),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                    "without checkpoints the shortened export holds together: that is the attack");
            assertTrue(offline(lines, 1).contains("lacks seq " + seq), "the offline verifier names the missing seq");
        } finally {
            restore(saved);
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
        assertTrue(offline(export(from), 0).startsWith("OK"));
    }

    @Test
    void theNewestDecisionRewrittenWithItsHashesRecomputedIsNamed() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        String victim = decide("integrity-rewritten");
        checkpointer.checkpointNow();
        Saved saved = save(victim);
        Map<String, Object> link = saved.chain().get(0);
        long seq = ((Number) link.get("seq")).longValue();
        String original = sql.storedJson("decision", victim);
        String forged = original.replace("\"riskLevel\":\"", "\"riskLevel\":\"NONE\",\"was\":\"");
        assertFalse(forged.equals(original));
        sql.update("UPDATE decision_record SET decision_json = ? WHERE decision_id = ?", forged, victim);
        // the attacker recomputes the content hash, the chain hash and the head, as the service would
        String content;
        try (var c = PlainSqlConnections.open(dataSource); var ps = c.prepareStatement("SELECT " + DecisionRecordSql.COLUMNS
                + " FROM decision_record d WHERE d.decision_id = ?")) {
            ps.setString(1, victim);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                content = DecisionRecordSql.canonical(DecisionRecordSql.row(rs));
            }
        }
        String contentHash = ChainHash.sha256(content);
        String chainHash = ChainHash.link(seq, "decision", victim, ((Number) link.get("recorded_at_ms")).longValue(),
                contentHash, ChainHash.read((byte[]) link.get("prev_hash")));
        sql.update("UPDATE audit_chain SET content_hash = ?, chain_hash = ? WHERE chain_name = 'helan' AND seq = ?",
                ChainHash.stored(contentHash), ChainHash.stored(chainHash), seq);
        sql.update("UPDATE audit_chain_head SET last_hash = ? WHERE chain_name = 'helan'", chainHash);
        try {
            Map<String, Object> v = verify();
            assertEquals(false, v.get("ok"), v::toString);
            assertEquals("checkpoint_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
            assertEquals(seq, ((Number) AuditChecks.failure(v).get("seq")).longValue());
            assertEquals(victim, AuditChecks.failure(v).get("recordId"));
            assertTrue(offline(export(from), 1).contains("checkpoint_mismatch"));
        } finally {
            sql.update("UPDATE decision_record SET decision_json = NULL WHERE decision_id = ?", victim);
            sql.update("UPDATE audit_chain SET content_hash = ?, chain_hash = ? WHERE chain_name = 'helan' AND seq = ?",
                    link.get("content_hash"), link.get("chain_hash"), seq);
            setHead(saved.head());
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
    }

    @Test
    void aHeadEditedIntoNoHashDoesNotStopDecisionsAndTheNextRecordIsNamed() throws Exception {
        decide("integrity-before-bad-head");
        Map<String, Object> head = sql.rows("SELECT * FROM audit_chain_head WHERE chain_name = 'helan'").get(0);
        sql.update("UPDATE audit_chain_head SET last_hash = 'not a hash' WHERE chain_name = 'helan'");
        String next;
        try {
            next = decide("integrity-after-bad-head"); // recorded: the chain's bytes column takes no bytes for it
        } catch (AssertionError e) {
            setHead(head);
            throw e;
        }
        Saved saved = save(next);
        try {
            assertEquals(0, ((byte[]) saved.chain().get(0).get("prev_hash")).length, "no bytes, never a padded hash");
            Map<String, Object> v = verify();
            assertEquals(false, v.get("ok"), v::toString);
            assertEquals(next, AuditChecks.failure(v).get("recordId"), v::toString);
        } finally {
            remove(saved);
            setHead(head);
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
    }

    @Test
    void aCheckpointWithAForgedSignatureIsNamed() throws Exception {
        decide("integrity-forged-checkpoint");
        Checkpoint real = helanCheckpoint().orElseThrow();
        Checkpoint forged = new Checkpoint(real.chain(), real.seq() + 1000, real.headHash(), real.headRecordedAtMs(),
                real.writtenAtMs(), real.instance(), real.signature());
        Path file = ((FileCheckpointSink) sink).file();
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, forged.line() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try {
            Map<String, Object> v = verify();
            assertEquals("checkpoint_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
            assertTrue(AuditChecks.failure(v).get("detail").toString().contains("does not verify"));
        } finally {
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        assertEquals(true, verify().get("ok"));
    }

    @Test
    void theKeyFileIsTheOwnersOnlyAndItsPublicKeyIsBesideIt() throws Exception {
        Path key = signer.keyFile();
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(key));
        assertEquals(signer.publicKeyText(), Files.readString(CheckpointKeys.publicKeyFile(key)).strip());
    }

    @Test
    void aDecisionInsertedAroundTheServiceIsNotServed() throws Exception {
        String id = UUID.randomUUID().toString();
        String real = decide("integrity-template");
        Map<String, Object> row = sql.rows("SELECT * FROM decision_record WHERE decision_id = ?", real).get(0);
        row.remove("id");
        row.put("decision_id", id);
        row.put("student_id", "integrity-forged");
        row.put("decision_z", StoredJson.compress(sql.storedJson("decision", real).replace(real, id)
                .replace("integrity-template", "integrity-forged")));
        sql.insert("decision_record", List.of(row));
        try {
            HttpCalls.Reply r = http.get("/v1/decisions/" + id);
            assertEquals(409, r.status(), r.body());
            assertEquals("record_not_chained", r.json().get("code"));
            assertFalse(r.body().contains("王五"));
            HttpCalls.Reply search = http.get("/v1/decisions?studentId=integrity-forged");
            assertEquals(200, search.status(), search.body());
            assertFalse(search.body().contains(id), "search leaves it out");
            HttpCalls.Reply bySchool = http.get("/v1/decisions?schoolId=integrity-school&limit=1");
            assertEquals(200, bySchool.status(), bySchool.body());
            assertFalse(bySchool.body().contains(id), "a page is filled from the rows after it");
            assertTrue(bySchool.body().contains("decisionId"), "and is not empty for it");
            assertEquals("unchained_record", AuditChecks.failure(verify()).get("problem"));
        } finally {
            sql.update("DELETE FROM decision_record WHERE decision_id = ?", id);
        }
    }

    @Test
    void aDecisionChangedAroundTheServiceIsNotServed() throws Exception {
        String victim = decide("integrity-changed");
        String school = sql.text("SELECT school_id FROM decision_record WHERE decision_id = ?", victim);
        sql.update("UPDATE decision_record SET school_id = 'integrity-other' WHERE decision_id = ?", victim);
        try {
            HttpCalls.Reply r = http.get("/v1/decisions/" + victim);
            assertEquals(409, r.status(), r.body());
            assertEquals("record_not_chained", r.json().get("code"));
            assertFalse(http.get("/v1/decisions?schoolId=integrity-other").body().contains(victim));
        } finally {
            sql.update("UPDATE decision_record SET school_id = ? WHERE decision_id = ?", school, victim);
        }
        assertEquals(200, http.get("/v1/decisions/" + victim).status());
    }

    private void assertDerivedMismatch(String decisionId, String table) {
        Map<String, Object> v = verify();
        assertEquals(false, v.get("ok"), v::toString);
        assertEquals("derived_row_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
        assertEquals(decisionId, AuditChecks.failure(v).get("recordId"), v::toString);
        assertTrue(AuditChecks.failure(v).get("detail").toString().contains(table), v::toString);
    }

    @Test
    void aFlagIndexRowDeletedOrEditedIsNamed() throws Exception {
        String victim = decide("integrity-flag");
        long pk = sql.number("SELECT id FROM decision_record WHERE decision_id = ?", victim);
        List<Map<String, Object>> flags = sql.rows("SELECT * FROM decision_flag WHERE decision_pk = ?", pk);
        assertFalse(flags.isEmpty(), "two unexcused days raise a flag");
        Object code = flags.get(0).get("flag_code");
        sql.update("DELETE FROM decision_flag WHERE decision_pk = ? AND flag_code = ?", pk, code);
        try {
            assertDerivedMismatch(victim, "decision_flag");
        } finally {
            sql.insert("decision_flag", List.of(flags.get(0)));
        }
        sql.update("UPDATE decision_flag SET school_id = 'integrity-other' WHERE decision_pk = ? AND flag_code = ?",
                pk, code);
        try {
            assertDerivedMismatch(victim, "decision_flag");
            assertFalse(http.get("/v1/decisions?flag=" + code + "&schoolId=integrity-school").body().contains(victim),
                    "this is what the edit does to searches");
        } finally {
            sql.update("UPDATE decision_flag SET school_id = 'integrity-school' WHERE decision_pk = ? AND flag_code = ?",
                    pk, code);
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
    }

    @Test
    void aReportOrLedgerIndexRowDeletedOrEditedIsNamed() throws Exception {
        String victim = decide("integrity-report");
        long pk = sql.number("SELECT id FROM decision_record WHERE decision_id = ?", victim);
        String standing = sql.text("SELECT standing FROM report_decision WHERE decision_pk = ?", pk);
        sql.update("UPDATE report_decision SET standing = 'MOVED' WHERE decision_pk = ?", pk);
        try {
            assertDerivedMismatch(victim, "report_decision");
        } finally {
            sql.update("UPDATE report_decision SET standing = ? WHERE decision_pk = ?", standing, pk);
        }
        List<Map<String, Object>> ledgers = sql.rows("SELECT * FROM decision_ledger WHERE decision_pk = ?", pk);
        List<Map<String, Object>> report = sql.rows("SELECT * FROM report_decision WHERE decision_pk = ?", pk);
        sql.update("DELETE FROM decision_ledger WHERE decision_pk = ?", pk);
        sql.update("DELETE FROM report_decision WHERE decision_pk = ?", pk);
        try {
            assertDerivedMismatch(victim, "report_decision");
        } finally {
            sql.insert("report_decision", report);
            sql.insert("decision_ledger", ledgers);
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
    }

    /**
     * verify finds a page's index rows by their key, the numbers of the codes the service knows; a
     * row stored with a number no code has, beside a chained decision, is still found: 0 (a name a
     * migration did not know) by the page's check, which names the decision, others by a look for
     * numbers outside the codes, which names the decision row.
     */
    @Test
    void anIndexRowWithANumberNoCodeHasIsNamed() throws Exception {
        String victim = decide("integrity-number");
        long pk = sql.number("SELECT id FROM decision_record WHERE decision_id = ?", victim);
        sql.update("INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES (0, ?, 'integrity-school')", pk);
        try {
            assertDerivedMismatch(victim, "decision_flag");
        } finally {
            sql.update("DELETE FROM decision_flag WHERE decision_pk = ? AND flag_code = 0", pk);
        }
        int beyond = kcbx.store.StoredCodes.FLAGS.all().size() + 1;
        sql.update("INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES (?, ?, 'integrity-school')",
                beyond, pk);
        try {
            assertNamesNoCode("decision_flag", pk);
        } finally {
            sql.update("DELETE FROM decision_flag WHERE decision_pk = ? AND flag_code = ?", pk, beyond);
        }
        int ledgerBeyond = kcbx.store.StoredCodes.LEDGERS.all().size() + 1;
        sql.update("INSERT INTO decision_ledger (ledger, decision_pk, student_id, school_id, township, as_of)"
                + " SELECT ?, decision_pk, student_id, school_id, township, as_of FROM report_decision WHERE decision_pk = ?",
                ledgerBeyond, pk);
        try {
            assertNamesNoCode("decision_ledger", pk);
        } finally {
            sql.update("DELETE FROM decision_ledger WHERE decision_pk = ? AND ledger = ?", pk, ledgerBeyond);
        }
        assertEquals(true, verify().get("ok"), () -> "restored: " + verify());
    }

    private void assertNamesNoCode(String table, long pk) {
        Map<String, Object> v = verify();
        assertEquals(false, v.get("ok"), v::toString);
        assertEquals("derived_row_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
        String detail = AuditChecks.failure(v).get("detail").toString();
        assertTrue(detail.contains(table) && detail.contains("decision row " + pk) && detail.contains("names no code"),
                v::toString);
    }

    @Test
    void anIndexRowOfNoChainedDecisionIsNamed() throws Exception {
        long stray = sql.number("SELECT COALESCE(MAX(id), 0) + 1000000 FROM decision_record");
        sql.update("INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES (?, ?, 'integrity-school')",
                kcbx.store.StoredCodes.FLAGS.number("SUSPECTED_DROPOUT"), stray);
        try {
            Map<String, Object> v = verify();
            assertEquals("derived_row_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
            assertTrue(AuditChecks.failure(v).get("detail").toString().contains(String.valueOf(stray)), v::toString);
        } finally {
            sql.update("DELETE FROM decision_flag WHERE decision_pk = ?", stray);
        }
    }
}
