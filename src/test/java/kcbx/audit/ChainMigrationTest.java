package kcbx.audit;

import kcbx.store.DecisionIndex;
import kcbx.store.IndexFacts;
import kcbx.store.PreparedDecision;
import kcbx.store.DecisionRecordSql;
import kcbx.store.DecisionRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import kcbx.api.model.ChainVerification;
import kcbx.api.model.ChainWalk;
import kcbx.decision.HttpCalls;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records chained before chains were per county (migration V15) still verify after it. A
 * database is migrated to V12, the last schema before, and given decisions and an administrative
 * act chained exactly as the code before V15 chained them: the same row writers, and the chain
 * entries inserted with that code's SQL (no chain name, seq counting from 1 on the one head
 * 'audit', the first record linked to 64 zeros), plus a checkpoint line in that code's format
 * (no chain, signed text v1). Then the service starts on it, Flyway runs V15, and every chain
 * verifies, online and offline; a rewritten old record is still named, and new decisions go to
 * their county's chain. On H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class ChainMigrationTest {
    private static final int OLD_DECISIONS = 7;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    Environment environment;

    @Inject
    List<DecisionIndex> indexes;

    @TempDir
    Path tmp;

    @Test
    void recordsChainedOnTheOneAuditChainStillVerifyAfterV15() throws Exception {
        // a real decision of this context: the template of the old rows
        HttpCalls http = new HttpCalls(client, json);
        HttpCalls.Reply made = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"migration-template","schoolId":"migration-school"},
                 "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""");
        assertEquals(200, made.status(), made.body());
        String templateId = made.json().get("decisionId").toString();
        PlainSql own = new PlainSql(dataSource);
        Map<String, Object> template = own.rows("SELECT * FROM decision_record WHERE decision_id = ?", templateId).get(0);
        List<String> flags = own.rows("SELECT flag_code FROM decision_flag WHERE decision_pk = ?", template.get("id"))
                .stream().map(r -> kcbx.store.StoredCodes.FLAGS.name(((Number) r.get("flag_code")).intValue())).toList();
        assertTrue(!flags.isEmpty(), "the template raised flags, so the flag index is exercised");

        MigrationDatabase db = MigrationDatabase.beside(environment, dataSource, "v15");
        String url = db.url();
        db.migrate("12");
        String lastHash;
        long lastSeq;
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            String[] head = writeAsBeforeV15(c, template, flags);
            lastSeq = Long.parseLong(head[0]);
            lastHash = head[1];
            c.commit();
        }

        Path keyFile = tmp.resolve("key.pem");
        Path checkpoints = tmp.resolve("checkpoints.log");
        Map<String, Object> props = new HashMap<>();
        props.put("datasources.default.url", url);
        props.put("kcbx.audit.checkpoint.key-file", keyFile.toString());
        props.put("kcbx.audit.checkpoint.file", checkpoints.toString());
        try (ApplicationContext ctx = ApplicationContext.builder("test")
                .propertySources(PropertySource.of("migration", props, Integer.MAX_VALUE)).start()) {
            // a checkpoint as the code before V15 wrote it: no chain, v1 signed text
            CheckpointSigner signer = ctx.getBean(CheckpointSigner.class);
            long recordedAt = new PlainSql(ctx.getBean(DataSource.class)).number(
                    "SELECT last_recorded_at_ms FROM audit_chain_head WHERE chain_name = 'audit'");
            Checkpoint v1 = signer.sign(new Checkpoint(null, lastSeq, lastHash, recordedAt, recordedAt + 5, "old", ""));
            assertTrue(v1.line().startsWith("{\"seq\":"), v1.line());
            Files.writeString(checkpoints, v1.line() + "\n", StandardCharsets.UTF_8);

            ChainVerifier verifier = ctx.getBean(ChainVerifier.class);
            ChainVerification old = verifier.verify(AuditChains.LEGACY, null, null);
            assertEquals(true, old.getOk(), () -> String.valueOf(old.getFirstFailure()));
            assertEquals(OLD_DECISIONS + 1, old.getChecked(), "every old record is checked");
            assertEquals(lastSeq, old.getHeadSeq());

            // the service's writers go on: a decision lands on its county's chain, an act on the system chain
            String event = ctx.getBean(AdminEvents.class).record(AdminEvents.CREDENTIAL_REVOKED, Actor.SYSTEM,
                    new AdminEvents.Detail().put("credentialId", "after-v15"));
            PlainSql after = new PlainSql(ctx.getBean(DataSource.class));
            assertEquals("system", after.text("SELECT chain_name FROM audit_chain WHERE record_id = ?", event));
            assertEquals(lastSeq, after.number("SELECT last_seq FROM audit_chain_head WHERE chain_name = 'audit'"),
                    "the old chain takes no more appends");
            ctx.getBean(Checkpointer.class).checkpointNow();

            ChainVerification all = verifier.verify(null, null, null);
            assertEquals(true, all.getOk(), () -> String.valueOf(all.getFirstFailure()));
            assertEquals(List.of("audit", "system"), all.getChains().stream().map(ChainWalk::getChain).toList());

            // offline: the export of every chain, held to the old and the new checkpoint lines
            Path export = tmp.resolve("export.ndjson");
            try (InputStream in = ctx.getBean(AuditExport.class).export(ZonedDateTime.parse("2000-01-01T00:00:00Z"),
                    ZonedDateTime.now().plusMinutes(1), null).getInputStream()) {
                Files.copy(in, export);
            }
            Path pub = tmp.resolve("pub");
            Files.writeString(pub, signer.publicKeyText());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = VerifyExport.verify(export, checkpoints, pub, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("audit: seq 1.." + lastSeq
                    + ", linked to prevHash " + ChainHash.GENESIS), out.toString(StandardCharsets.UTF_8));

            // an old record rewritten with its hashes and the old head recomputed is still named by the v1 checkpoint
            String victim = after.text("SELECT record_id FROM audit_chain WHERE chain_name = 'audit' AND seq = ?", lastSeq);
            String originalHash = ChainHash.read((byte[]) after.rows("SELECT chain_hash FROM audit_chain"
                    + " WHERE chain_name = 'audit' AND seq = ?", lastSeq).get(0).get("chain_hash"));
            String forged = "f".repeat(64);
            after.update("UPDATE audit_chain SET chain_hash = ? WHERE chain_name = 'audit' AND seq = ?",
                    ChainHash.stored(forged), lastSeq);
            after.update("UPDATE audit_chain_head SET last_hash = ? WHERE chain_name = 'audit'", forged);
            try {
                ChainVerification tampered = verifier.verify(AuditChains.LEGACY, null, null);
                assertEquals(false, tampered.getOk());
                assertEquals(victim, tampered.getFirstFailure().getRecordId());
                assertEquals("audit", tampered.getFirstFailure().getChain());
            } finally {
                after.update("UPDATE audit_chain SET chain_hash = ? WHERE chain_name = 'audit' AND seq = ?",
                        ChainHash.stored(originalHash), lastSeq);
                after.update("UPDATE audit_chain_head SET last_hash = ? WHERE chain_name = 'audit'", originalHash);
            }
            assertEquals(true, verifier.verify(null, null, null).getOk());
        } finally {
            db.drop();
        }
    }

    /** Decision rows as the code before V18 inserted them: the JSON as text, nothing compressed. */
    private static Map<String, Long> insertAsBeforeV18(Connection c, List<DecisionRecord> rows) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        for (DecisionRecord r : rows) {
            try (var ps = c.prepareStatement("INSERT INTO decision_record (decision_id, student_id, school_id,"
                    + " profile, as_of, ruleset_version, risk_level, decided_at_ms, request_json, decision_json,"
                    + " acted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                int k = 0;
                ps.setString(++k, r.decisionId());
                ps.setString(++k, r.studentId());
                ps.setString(++k, r.schoolId());
                ps.setString(++k, r.profile());
                ps.setObject(++k, r.asOf());
                ps.setString(++k, r.rulesetVersion());
                ps.setString(++k, r.riskLevel());
                ps.setLong(++k, r.decidedAtMs());
                ps.setString(++k, r.requestJson());
                ps.setString(++k, r.decisionJson());
                ps.setString(++k, r.actedBy());
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    ids.put(r.decisionId(), keys.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * Decisions and one administrative act as the code before V15 stored them; returns the head
     * (seq, hash). The rows come from the writers that code shared with today's; the chain entries
     * from its SQL, copied here as it was.
     */
    private String[] writeAsBeforeV15(Connection c, Map<String, Object> template, List<String> flags)
            throws SQLException {
        DecisionRecordSql records = new DecisionRecordSql();
        String templateId = template.get("decision_id").toString();
        long at = ((Number) template.get("decided_at_ms")).longValue() - 60_000;
        List<DecisionRecord> rows = new ArrayList<>();
        for (int i = 0; i < OLD_DECISIONS; i++) {
            String id = UUID.randomUUID().toString();
            rows.add(new DecisionRecord(null, id, "migration-old-" + i, (String) template.get("school_id"),
                    (String) template.get("profile"), java.time.LocalDate.parse(template.get("as_of").toString()),
                    (String) template.get("ruleset_version"), (String) template.get("risk_level"), at + i,
                    kcbx.system.StoredJson.read((String) template.get("request_json"), (byte[]) template.get("request_z")),
                    kcbx.store.DecisionText.fill(kcbx.system.StoredJson.read((String) template.get("decision_json"),
                                    (byte[]) template.get("decision_z")), at + i) // old rows hold their time in the JSON
                            .replace(templateId, id)
                            .replace("migration-template", "migration-old-" + i), "credential:old"));
        }
        Map<String, Long> ids = insertAsBeforeV18(c, rows);
        // the flag and report index rows, by today's writers, from what each old row's JSON says
        List<PreparedDecision> asPrepared = new ArrayList<>();
        List<DecisionIndex.Indexed> indexed = new ArrayList<>();
        for (DecisionRecord r : rows) {
            IndexFacts facts = IndexFacts.parse(r.requestJson(), r.decisionJson());
            PreparedDecision p = new PreparedDecision(r.decisionId(), r.studentId(), r.schoolId(), r.profile(),
                    r.asOf(), r.rulesetVersion(), r.riskLevel(), r.requestJson(), null, null, null,
                    new IndexFacts(facts.township(), facts.registryStatus(), new java.util.TreeSet<>(flags),
                            facts.ledgers()), r.actedBy());
            asPrepared.add(p);
            indexed.add(new DecisionIndex.Indexed(ids.get(r.decisionId()), p));
        }
        records.insertFlagsAll(c, asPrepared, asPrepared.stream().map(p -> ids.get(p.decisionId())).toList());
        for (DecisionIndex index : indexes) {
            index.indexAll(c, indexed);
        }
        // today's writers store numbers (V21, V22); before those the rows named their codes
        namesAsBeforeV21(c, "decision_flag", "flag_code", kcbx.store.StoredCodes.FLAGS);
        namesAsBeforeV21(c, "decision_ledger", "ledger", kcbx.store.StoredCodes.LEDGERS);
        String prev = ChainHash.GENESIS;
        long seq = 0;
        for (DecisionRecord r : rows) {
            prev = oldAppend(c, ++seq, DecisionRecordSql.TYPE, r.decisionId(), r.decidedAtMs(),
                    DecisionRecordSql.canonical(r), prev);
        }
        String eventId = UUID.randomUUID().toString();
        long eventAt = at + OLD_DECISIONS;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_event (event_id, kind, acted_by,"
                + " recorded_at_ms, detail_json) VALUES (?, 'credential_issued', 'host:old', ?, '{\"credentialId\":\"x\"}')")) {
            ps.setString(1, eventId);
            ps.setLong(2, eventAt);
            ps.executeUpdate();
        }
        prev = oldAppend(c, ++seq, AdminEvents.TYPE, eventId, eventAt, AdminEvents.canonical(eventId,
                "credential_issued", "host:old", eventAt, "{\"credentialId\":\"x\"}"), prev);
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ?,"
                + " last_recorded_at_ms = ? WHERE chain_name = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.setLong(3, eventAt);
            ps.setString(4, "audit");
            assertEquals(1, ps.executeUpdate(), "V2 made the one head row 'audit'");
        }
        return new String[] {String.valueOf(seq), prev};
    }

    /** The index rows today's writers wrote with numbers, named as they were before V21 and V22. */
    private static void namesAsBeforeV21(Connection c, String table, String column, kcbx.store.StoredCodes codes)
            throws SQLException {
        for (var e : codes.all().entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + column
                    + " = ?")) {
                ps.setString(1, e.getKey());
                ps.setString(2, String.valueOf(e.getValue()));
                ps.executeUpdate();
            }
        }
    }

    /** The chain entry as AuditChainSql wrote it before V15. */
    private static String oldAppend(Connection c, long seq, String type, String id, long at, String content, String prev)
            throws SQLException {
        String contentHash = ChainHash.sha256(content);
        String chainHash = ChainHash.link(seq, type, id, at, contentHash, prev);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain (seq, record_type, record_id,"
                + " recorded_at_ms, content_hash, prev_hash, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, type);
            ps.setString(3, id);
            ps.setLong(4, at);
            ps.setString(5, contentHash);
            ps.setString(6, prev);
            ps.setString(7, chainHash);
            ps.executeUpdate();
        }
        return chainHash;
    }
}
