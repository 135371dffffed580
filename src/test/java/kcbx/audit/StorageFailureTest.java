package kcbx.audit;

import kcbx.store.DecisionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A decision that cannot be written is not returned: with the decision table out of reach the
 * caller gets a 503 problem with a retry hint, and once it is back decisions are stored again.
 */
@MicronautTest(transactional = false)
@Tag("db")
class StorageFailureTest {
    private static final String REQUEST = """
            {"asOf":"2025-09-10","student":{"id":"storage-1"},
             "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    DecisionStore store;

    @Test
    void aFailedWriteIsA503AndNoDecisionIsReturned() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        execute("ALTER TABLE decision_record RENAME TO decision_record_away");
        HttpCalls.Reply r;
        try {
            r = http.post("/v1/decisions", REQUEST);
        } finally {
            execute("ALTER TABLE decision_record_away RENAME TO decision_record");
        }
        assertEquals(503, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("storage_unavailable", r.json().get("code"));
        assertTrue(!r.body().contains("decisionId"), "no decision in the body: " + r.body());

        long before = store.count();
        HttpCalls.Reply again = http.post("/v1/decisions", REQUEST);
        assertEquals(200, again.status());
        assertEquals(before + 1, store.count());
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
