package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service runs with only the grants docs/audit-integrity.md lists, as an operator would run
 * it: migrations applied by the owner first (this test's own context), then the service started
 * under a user that may INSERT and SELECT the log tables and UPDATE only the few state rows, with
 * Flyway off. It decides, reads and verifies; an UPDATE or DELETE of the log by that user is
 * refused by the database itself. On H2 (users and grants of its own) and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class RestrictedGrantsTest {
    /** The grants of docs/audit-integrity.md: table, privileges. */
    static final Map<String, String> GRANTS = Map.ofEntries(
            Map.entry("decision_record", "SELECT, INSERT"),
            Map.entry("decision_flag", "SELECT, INSERT"),
            Map.entry("audit_chain", "SELECT, INSERT"),
            Map.entry("admin_event", "SELECT, INSERT"),
            Map.entry("report_decision", "SELECT, INSERT"),
            Map.entry("decision_ledger", "SELECT, INSERT"),
            Map.entry("reconciliation_finding", "SELECT, INSERT"),
            Map.entry("ruleset_version", "SELECT, INSERT"),
            Map.entry("ruleset_file", "SELECT, INSERT"),
            Map.entry("ruleset_publication", "SELECT, INSERT"),
            Map.entry("ruleset_scenario", "SELECT, INSERT"),
            Map.entry("json_dictionary", "SELECT, INSERT"),
            Map.entry("audit_prechain", "SELECT"),
            Map.entry("reconciliation", "SELECT, INSERT, UPDATE"),
            Map.entry("api_credential", "SELECT, INSERT, UPDATE"),
            Map.entry("feed_link", "SELECT, INSERT, UPDATE"),
            Map.entry("audit_chain_head", "SELECT, INSERT, UPDATE"),
            Map.entry("ruleset_active", "SELECT, UPDATE"),
            Map.entry("report_backfill", "SELECT, UPDATE"));

    @Inject
    DataSource dataSource;

    @Inject
    Environment environment;

    @Test
    void theServiceRunsWithInsertAndSelectOnTheLogAndCannotUpdateOrDeleteIt() throws Exception {
        String url = environment.getRequiredProperty("datasources.default.url", String.class);
        boolean h2 = url.startsWith("jdbc:h2:");
        // the database settings in H2's URL need admin rights; the owner's connection already set them
        String appUrl = h2 ? url.replace(";DB_CLOSE_DELAY=-1", "") : url;
        String user = "kcbx_app_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        PlainSql root = new PlainSql(dataSource);
        String grantee = h2 ? user : "'" + user + "'@'%'";
        root.update(h2 ? "CREATE USER " + user + " PASSWORD '" + password + "'"
                : "CREATE USER " + grantee + " IDENTIFIED BY '" + password + "'");
        try {
            for (Map.Entry<String, String> g : GRANTS.entrySet()) {
                root.update("GRANT " + g.getValue() + " ON " + g.getKey() + " TO " + grantee);
            }
            Map<String, Object> asApp = new HashMap<>();
            asApp.put("datasources.default.url", appUrl);
            asApp.put("datasources.default.username", user);
            asApp.put("datasources.default.password", password);
            asApp.put("flyway.datasources.default.enabled", false);
            // above system properties, which the MariaDB run uses to name the owner's account
            try (ApplicationContext ctx = ApplicationContext.builder("test")
                    .propertySources(PropertySource.of("restricted", asApp, Integer.MAX_VALUE)).start()) {
                EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
                String token = TestCredentials.defaultToken(); // issued by this context, under the restricted user
                HttpResponse<String> decided = send(server, "POST", "/v1/decisions", token, """
                        {"profile":"helan","asOf":"2025-09-10","student":{"id":"grants-1","schoolId":"grants-school"},
                         "attendance":[{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                                       {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""");
                assertEquals(200, decided.statusCode(), decided.body());
                String id = decided.body().replaceAll(".*\"decisionId\":\"([^\"]+)\".*", "$1");
                assertEquals(200, send(server, "GET", "/v1/decisions/" + id, token, null).statusCode());
                HttpResponse<String> verified = send(server, "GET", "/v1/audit/verify", token, null);
                assertEquals(200, verified.statusCode(), verified.body());
                assertTrue(verified.body().contains("\"ok\":true"), verified.body());
                assertTrue(ctx.getBean(Checkpointer.class).checkpointNow().size() > 0, "a checkpoint is written");

                try (Connection app = DriverManager.getConnection(appUrl, user, password)) {
                    for (String forbidden : List.of(
                            "UPDATE decision_record SET risk_level = 'NONE' WHERE decision_id = '" + id + "'",
                            "DELETE FROM decision_record WHERE decision_id = '" + id + "'",
                            "UPDATE audit_chain SET content_hash = 'x' WHERE record_id = '" + id + "'",
                            "DELETE FROM audit_chain WHERE record_id = '" + id + "'",
                            "DELETE FROM decision_flag",
                            "UPDATE report_decision SET standing = 'IN_SCHOOL'",
                            "DELETE FROM admin_event")) {
                        SQLException refused = assertThrows(SQLException.class, () -> {
                            try (Statement s = app.createStatement()) {
                                s.executeUpdate(forbidden);
                            }
                        }, forbidden);
                        assertTrue(refused.getMessage().toLowerCase().contains("denied")
                                || refused.getMessage().toLowerCase().contains("not enough rights"),
                                forbidden + ": " + refused.getMessage());
                    }
                }
            }
        } finally {
            root.update(h2 ? "DROP USER " + user : "DROP USER " + grantee);
        }
    }

    private static HttpResponse<String> send(EmbeddedServer server, String method, String path, String token,
                                             String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("authorization", "Bearer " + token);
        if (body != null) {
            b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
