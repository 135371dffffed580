package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import kcbx.audit.AuditChecks;
import kcbx.audit.PlainSql;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import kcbx.security.SchoolScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Who acted (issue 17.5): the credential behind a decision, a publication, a roll back and a
 * credential change is part of the record's hashed content in the audit chain, and every read of
 * children's data leaves an access-log line naming the credential and the route, without the
 * child's data. Runs on H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
// the service's own scenarios: the folder the two-day candidate passes (the shipped ones refuse it, RulesetGateTest)
@io.micronaut.context.annotation.Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios")
class WhoActedTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    Credentials credentials;

    HttpCalls http;
    PlainSql sql;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
        sql = new PlainSql(dataSource);
    }

    /** The exported line of one record of the chain recorded since from. */
    private Map<String, Object> exported(Instant from, String recordId) {
        HttpCalls.Reply r = http.get("/v1/audit/export?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(Instant.now().plusSeconds(1).toString(), StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body());
        return r.body().lines().map(http::read).filter(l -> recordId.equals(l.get("recordId"))).findFirst()
                .orElseThrow(() -> new AssertionError(recordId + " is not in the export"));
    }

    private IssuedCredential credential(Role role) {
        return credentials.issue("who-acted " + role, List.of(role),
                role == Role.SCHOOL_SYSTEM ? List.of(SchoolScope.ALL_SCHOOLS) : List.of());
    }

    @Test
    void aDecisionChainsTheCredentialThatAskedForIt() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        IssuedCredential school = credential(Role.SCHOOL_SYSTEM);
        HttpCalls.Reply r = http.as(school.token()).post("/v1/decisions", RulesetPublishTest.TWO_DAYS);
        assertEquals(200, r.status(), r.body());
        String id = r.json().get("decisionId").toString();
        Map<String, Object> line = exported(from, id);
        assertTrue(line.get("content").toString().contains("\"actedBy\":\"credential:" + school.credentialId() + "\""),
                line.toString());
        assertEquals(true, AuditChecks.verify(http, "").get("ok"));
        // the actor is hashed content: changing it around the service is named
        sql.update("UPDATE decision_record SET acted_by = 'credential:someone-else' WHERE decision_id = ?", id);
        try {
            Map<String, Object> v = AuditChecks.verify(http, "");
            assertEquals("content_mismatch", AuditChecks.failure(v).get("problem"), v::toString);
            assertEquals(id, AuditChecks.failure(v).get("recordId"));
        } finally {
            sql.update("UPDATE decision_record SET acted_by = ? WHERE decision_id = ?",
                    "credential:" + school.credentialId(), id);
        }
    }

    @Test
    void aBatchChainsTheCredentialThatSentIt() throws Exception {
        IssuedCredential school = credential(Role.SCHOOL_SYSTEM);
        HttpCalls.Reply r = http.as(school.token()).post("/v1/decisions/batch", "[" + RulesetPublishTest.TWO_DAYS + "]");
        assertEquals(200, r.status(), r.body());
        String id = r.body().replaceAll("(?s).*\"decisionId\":\"([^\"]+)\".*", "$1");
        assertEquals("credential:" + school.credentialId(),
                sql.text("SELECT acted_by FROM decision_record WHERE decision_id = ?", id));
    }

    @Test
    void aPublicationAndItsRollBackChainThePolicyEditorsCredential() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        IssuedCredential editor = credential(Role.POLICY_EDITOR);
        HttpCalls asEditor = http.as(editor.token());
        String original = http.get("/v1/rulesets").json().get("activeVersion").toString();
        HttpCalls.Reply pub = asEditor.post("/v1/rulesets", http.write(Map.of(
                "files", RulesetPublishTest.asJson(RulesetPublishTest.twoDayCandidate()),
                "scenarios", RulesetPublishTest.twoDayScenario(), "publishedBy", "who-acted", "reason", "who acted")));
        assertEquals(200, pub.status(), pub.body());
        String candidate = pub.json().get("rulesetVersion").toString();
        HttpCalls.Reply back = asEditor.post("/v1/rulesets", http.write(Map.of("rulesetVersion", original,
                "publishedBy", "who-acted", "reason", "roll back")));
        assertEquals(200, back.status(), back.body());

        List<Map<String, Object>> events = sql.rows("SELECT event_id, kind, acted_by, detail_json FROM admin_event"
                + " WHERE kind = 'ruleset_published' AND acted_by = ? ORDER BY id", "credential:" + editor.credentialId());
        assertEquals(2, events.size(), events::toString);
        assertTrue(events.get(0).get("detail_json").toString().contains("\"version\":\"" + candidate + "\""));
        assertTrue(events.get(1).get("detail_json").toString().contains("\"version\":\"" + original + "\""),
                "the roll back is the publication of the version before");
        for (Map<String, Object> e : events) {
            Map<String, Object> line = exported(from, e.get("event_id").toString());
            assertEquals("admin_event", line.get("recordType"));
            assertTrue(line.get("content").toString().contains("\"actedBy\":\"credential:" + editor.credentialId() + "\""),
                    line.toString());
        }
        assertEquals(true, AuditChecks.verify(http, "").get("ok"));
    }

    @Test
    void issuingAndRevokingACredentialAreChained() throws Exception {
        IssuedCredential c = credential(Role.AUDITOR);
        assertTrue(credentials.revoke(c.credentialId()));
        List<Map<String, Object>> events = sql.rows("SELECT e.kind, e.acted_by FROM admin_event e JOIN audit_chain a"
                + " ON a.record_type = 'admin_event' AND a.record_id = e.event_id WHERE e.detail_json LIKE ? ORDER BY e.id",
                "%\"credentialId\":\"" + c.credentialId() + "\"%");
        assertEquals(List.of("credential_issued", "credential_revoked"), events.stream().map(e -> e.get("kind")).toList());
        assertTrue(events.get(0).get("acted_by").toString().startsWith("host:"), "no request: the host's user");
    }

    @Test
    void aReadOfChildrensDataIsInTheAccessLogWithoutTheChildsData() throws Exception {
        IssuedCredential school = credential(Role.SCHOOL_SYSTEM);
        IssuedCredential auditor = credential(Role.AUDITOR);
        HttpCalls.Reply decided = http.as(school.token()).post("/v1/decisions", """
                {"profile":"helan","asOf":"2025-09-10","student":{"id":"who-student-1","schoolId":"who-school",
                 "name":"赵小六","nationalId":"110105201503070021"},
                 "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""");
        assertEquals(200, decided.status(), decided.body());
        String id = decided.json().get("decisionId").toString();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger access = (Logger) LoggerFactory.getLogger("kcbx.access");
        log.start();
        access.addAppender(log);
        try {
            assertEquals(200, http.as(school.token()).get("/v1/decisions/" + id).status());
            assertEquals(200, http.as(auditor.token()).get("/v1/decisions?studentId=who-student-1&schoolId=who-school")
                    .status());
        } finally {
            access.detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("credential=credential:" + school.credentialId()), lines.get(0));
        assertTrue(lines.get(0).contains("route=\"GET /v1/decisions/{decisionId}\""), lines.get(0));
        assertTrue(lines.get(0).contains("count=1"), lines.get(0));
        assertTrue(lines.get(1).contains("credential=credential:" + auditor.credentialId()), lines.get(1));
        assertTrue(lines.get(1).contains("route=\"GET /v1/decisions\""), lines.get(1));
        assertTrue(lines.get(1).contains("schoolId=who-school"), lines.get(1));
        assertTrue(lines.get(1).contains("studentId=(omitted)"), lines.get(1));
        assertTrue(lines.get(1).contains("count=1"), lines.get(1));
        for (String line : lines) {
            assertFalse(line.contains("赵小六") || line.contains("110105201503070021") || line.contains("who-student-1"), "no child's data: " + line);
        }
    }
}
