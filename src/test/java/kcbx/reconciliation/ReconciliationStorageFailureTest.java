package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation whose findings cannot be written is not returned, and nothing of it stays:
 * the header written before the failure is rolled back with it. Once the table is back the same
 * request is stored whole.
 */
@MicronautTest(transactional = false)
@Tag("db")
class ReconciliationStorageFailureTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Test
    void aFailedWriteIsA503AndLeavesNoPartialReconciliation() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, Object> scenario = http.read(Files.readString(
                Path.of("test-fixtures", "reconciliations", "bad-check-digits.json")));
        String body = http.write(scenario.get("request"));
        long before = count("reconciliation");
        execute("ALTER TABLE reconciliation_finding RENAME TO reconciliation_finding_away");
        HttpCalls.Reply r;
        try {
            r = http.post("/v1/reconciliations", body);
        } finally {
            execute("ALTER TABLE reconciliation_finding_away RENAME TO reconciliation_finding");
        }
        assertEquals(503, r.status(), r.body());
        assertEquals("storage_unavailable", r.json().get("code"));
        assertFalse(r.body().contains("reconciliationId"), r.body());
        assertEquals(before, count("reconciliation"), "the header was rolled back with the findings");

        HttpCalls.Reply again = http.post("/v1/reconciliations", body);
        assertEquals(200, again.status(), again.body());
        assertEquals(before + 1, count("reconciliation"));
    }

    private long count(String table) throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
