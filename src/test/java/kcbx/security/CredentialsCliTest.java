package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented command, run as an operator would (its own application context on the
 * service's database), issues a credential the running service accepts, lists it without its
 * secret, renews it when it has expired, and revokes it.
 */
@MicronautTest(transactional = false)
class CredentialsCliTest {
    private static final String DECISION = """
            {"asOf":"2025-09-10","student":{"id":"cli-1","schoolId":"%s"},
             "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Value("${datasources.default.url}")
    String url;

    @BeforeEach
    void sameDatabaseAsTheService() {
        System.setProperty("datasources.default.url", url); // what DATASOURCES_DEFAULT_URL does for an operator
    }

    @AfterEach
    void clear() {
        System.clearProperty("datasources.default.url");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CredentialsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void issueListRevoke() throws Exception {
        Run issued = cli("issue", "--role", "SCHOOL_SYSTEM", "--school", "S7", "--label", "S7 student information system");
        assertEquals(0, issued.exit(), issued.err());
        String token = issued.out();
        assertTrue(token.matches("kcbx_[0-9a-f]{16}_[0-9a-f]{64}"), token);
        String id = token.substring(5, 21);
        assertTrue(issued.err().contains(id) && !issued.err().contains(token.substring(22)), "stderr names the id, not the secret");

        HttpCalls http = new HttpCalls(client, json).as(token);
        assertEquals(200, http.post("/v1/decisions", DECISION.formatted("S7")).status());
        assertEquals(403, http.post("/v1/decisions", DECISION.formatted("S8")).status());

        String secret = token.substring(22);
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secret_sha256, roles, schools FROM api_credential WHERE credential_id = '" + id + "'")) {
            assertTrue(rs.next());
            assertEquals(Credentials.sha256(secret), rs.getString(1), "only the hash is stored");
            assertFalse(rs.getString(1).contains(secret));
            assertEquals("SCHOOL_SYSTEM", rs.getString(2));
            assertEquals("S7", rs.getString(3));
        }

        Run list = cli("list");
        assertEquals(0, list.exit());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id + "  active") && l.contains("schools=S7")), list.out());
        assertFalse(list.out().contains(secret) || list.out().contains(Credentials.sha256(secret)), "no secret, no hash");

        Run revoked = cli("revoke", id);
        assertEquals(0, revoked.exit(), revoked.err());
        assertEquals(401, http.post("/v1/decisions", DECISION.formatted("S7")).status());
        assertTrue(cli("list").out().lines().anyMatch(l -> l.startsWith(id + "  REVOKED")));
        assertEquals(1, cli("revoke", id).exit(), "revoking twice says there is no such active credential");
    }

    @Test
    void aCredentialExpiresAfterItsLifetimeAndRenewingRestoresIt() throws Exception {
        System.setProperty("kcbx.security.credential-lifetime", "2h");
        Run issued;
        try {
            issued = cli("issue", "--role", "AUDITOR", "--label", "expiring auditor");
        } finally {
            System.clearProperty("kcbx.security.credential-lifetime");
        }
        assertEquals(0, issued.exit(), issued.err());
        String token = issued.out();
        String id = token.substring(5, 21);
        assertEquals(2 * 3600_000L, sql("SELECT expires_at_ms - created_at_ms FROM api_credential WHERE credential_id = '"
                + id + "'"), "the configured lifetime");
        HttpCalls http = new HttpCalls(client, json).as(token);
        assertEquals(200, http.get("/v1/profiles").status());

        // the lifetime passes: the row says so, as it would two hours later
        sql("UPDATE api_credential SET expires_at_ms = " + (System.currentTimeMillis() - 1) + " WHERE credential_id = '" + id + "'");
        HttpCalls.Reply expired = http.get("/v1/profiles");
        assertEquals(401, expired.status(), expired.body());
        assertEquals("unauthenticated", expired.json().get("code"));
        assertTrue(expired.body().contains("expired"), expired.body());
        assertTrue(cli("list").out().lines().anyMatch(l -> l.startsWith(id + "  EXPIRED")));

        Run renewed = cli("renew", id);
        assertEquals(0, renewed.exit(), renewed.err());
        assertEquals(200, http.get("/v1/profiles").status(), "the same token works again");
        long left = sql("SELECT expires_at_ms FROM api_credential WHERE credential_id = '" + id + "'") - System.currentTimeMillis();
        assertTrue(left > 89L * 24 * 3600_000 && left <= 90L * 24 * 3600_000, "renewed for the default 90 days: " + left);

        assertEquals(0, cli("revoke", id).exit());
        assertEquals(1, cli("renew", id).exit(), "a revoked credential cannot be renewed");
        assertEquals(401, http.get("/v1/profiles").status());
    }

    private long sql(String statement) throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement()) {
            if (statement.startsWith("UPDATE")) {
                return s.executeUpdate(statement);
            }
            try (ResultSet rs = s.executeQuery(statement)) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    @Test
    void wrongOptionsAreRefusedNamingTheOption() {
        Run noSchool = cli("issue", "--role", "SCHOOL_SYSTEM");
        assertEquals(2, noSchool.exit());
        assertTrue(noSchool.err().startsWith("--school is required"), noSchool.err());
        Run wizard = cli("issue", "--role", "WIZARD");
        assertEquals(2, wizard.exit());
        assertTrue(wizard.err().startsWith("--role WIZARD is not a role"), wizard.err());
        Run schoolForAuditor = cli("issue", "--role", "AUDITOR", "--school", "S1");
        assertEquals(2, schoolForAuditor.exit());
        assertTrue(schoolForAuditor.err().startsWith("--school applies only"), schoolForAuditor.err());
        assertEquals(2, cli().exit());
        assertEquals("", noSchool.out(), "nothing on stdout: no token was issued");
    }
}
