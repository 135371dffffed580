package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Decisions stored before the report tables existed are indexed at start-up, once, and then appear on ledgers. */
@MicronautTest(transactional = false)
@Tag("db")
class ReportBackfillTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    ReportBackfill backfill;

    @Test
    void decisionsWithoutReportRowsAreIndexedAndIndexedOnesAreLeftAlone() throws SQLException {
        HttpCalls http = new HttpCalls(client, json);
        String school = "backfill-" + UUID.randomUUID();
        for (String student : List.of("b1", "b2")) {
            HttpCalls.Reply r = http.post("/v1/decisions", """
                    {"profile":"baseline","asOf":"2025-09-10","student":{"id":"%s","schoolId":"%s"},
                     "attendance":[{"date":"2025-09-08","status":"ABSENT_UNEXCUSED"},{"date":"2025-09-09","status":"ABSENT_UNEXCUSED"},
                     {"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}
                    """.formatted(student + "-" + school, school));
            assertEquals(200, r.status(), r.body());
        }
        String ledger = "/v1/ledgers/SUSPECTED_DROPOUT_LEDGER?asOf=2025-09-30&schoolId=" + school;
        assertEquals(2, http.get(ledger).json().get("onLedger"));

        long lastPk = number("SELECT MAX(id) FROM decision_record");
        long firstPk = number("SELECT MIN(id) FROM decision_record WHERE school_id = '" + school + "'");
        // as if the school's decisions had been stored before V6: no report rows, inside the backfill range
        update("DELETE FROM decision_ledger WHERE school_id = '" + school + "'");
        update("DELETE FROM report_decision WHERE school_id = '" + school + "'");
        update("UPDATE report_backfill SET done_pk = " + (firstPk - 1) + ", max_pk = " + lastPk + " WHERE name = 'decision'");
        assertEquals(0, http.get(ledger).json().get("onLedger"));

        backfill.run();
        Map<String, Object> after = http.get(ledger).json();
        assertEquals(2, after.get("onLedger"), after.toString());
        assertEquals(2L, number("SELECT COUNT(*) FROM report_decision WHERE school_id = '" + school + "'"));
        assertEquals(0L, backfill.run(), "nothing is left to index");
    }

    private Connection connection() throws SQLException {
        return DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
    }

    private void update(String sql) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private long number(String sql) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
