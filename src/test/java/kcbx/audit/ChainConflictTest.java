package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Appends to one county's chain do not wait for another county's head, and an append that loses
 * to a concurrent writer (a deadlock, or on Galera a certification conflict: error 1213, SQLSTATE
 * 40001) is done again whole, so its record is stored exactly once and the caller never sees the
 * conflict. The conflict is raised inside the real transaction, after the record's row was
 * inserted, exactly where the database would raise it. On H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
class ChainConflictTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    AuditLog log;

    HttpCalls http;
    PlainSql sql;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
        sql = new PlainSql(dataSource);
    }

    private String decide(String profile, String studentId) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"%s","asOf":"2025-09-10","student":{"id":"%s","schoolId":"conflict-school"},
                 "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""".formatted(profile, studentId));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    /** An admin_event appended on the system chain whose insert fails with failure on the attempts it names. */
    private String appendFailing(AtomicInteger calls, int failingAttempts, SQLException failure) {
        String eventId = UUID.randomUUID().toString();
        return log.append(AdminEvents.TYPE, AuditChains.SYSTEM, (c, at) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_event (event_id, kind, acted_by,"
                    + " recorded_at_ms, detail_json) VALUES (?, 'credential_revoked', 'system', ?, '{}')")) {
                ps.setString(1, eventId);
                ps.setLong(2, at);
                ps.executeUpdate();
            }
            if (calls.incrementAndGet() <= failingAttempts) {
                throw failure;
            }
            return new AuditLog.Appended<>(eventId, AdminEvents.canonical(eventId, "credential_revoked", "system", at,
                    "{}"), eventId);
        });
    }

    @Test
    void anAppendThatLostACertificationConflictIsDoneAgainWholeAndStoredOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long retriedBefore = log.conflictsRetried();
        String id = appendFailing(calls, 2, new SQLException("Deadlock found when trying to get lock; try restarting"
                + " transaction", "40001", ChainConflicts.ER_LOCK_DEADLOCK));
        assertEquals(3, calls.get(), "two conflicts, then the third attempt committed");
        assertEquals(retriedBefore + 2, log.conflictsRetried());
        assertEquals(1, sql.number("SELECT COUNT(*) FROM admin_event WHERE event_id = ?", id), "stored exactly once");
        assertEquals(1, sql.number("SELECT COUNT(*) FROM audit_chain WHERE record_id = ?", id), "chained exactly once");
        Map<String, Object> v = AuditChecks.verify(http, "?chain=system");
        assertEquals(true, v.get("ok"), v::toString);
    }

    @Test
    void retriesAreBoundedAndOtherFailuresAreNotRetried() throws Exception {
        long events = sql.number("SELECT COUNT(*) FROM admin_event");
        AtomicInteger always = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> appendFailing(always, Integer.MAX_VALUE,
                new SQLException("WSREP detected deadlock/conflict and aborted the transaction.", "40001", 1213)));
        assertEquals(11, always.get(), "the first attempt and kcbx.audit.conflict-retries (10) more");
        AtomicInteger other = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> appendFailing(other, 1,
                new SQLException("Table 'x' doesn't exist", "42S02", 1146)));
        assertEquals(1, other.get(), "a failure that is not a conflict is not retried");
        assertEquals(events, sql.number("SELECT COUNT(*) FROM admin_event"), "nothing of a failed append is left");
        assertEquals(true, AuditChecks.verify(http, "?chain=system").get("ok"));
    }

    @Test
    void aCountyDecidesWhileAnotherCountysHeadIsLocked() throws Exception {
        decide("helan", "conflict-helan-first"); // helan's head exists
        try (Connection holder = PlainSqlConnections.open(dataSource)) {
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(
                    "SELECT last_seq FROM audit_chain_head WHERE chain_name = 'helan' FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
            // helan's head is locked by another transaction until the rollback below: baiyin does not wait for it
            String baiyin = decide("baiyin", "conflict-baiyin-meanwhile");
            assertEquals("baiyin", sql.text("SELECT chain_name FROM audit_chain WHERE record_id = ?", baiyin));
            holder.rollback();
        }
        assertEquals(true, AuditChecks.verify(http, "").get("ok"));
        List<String> chains = sql.rows("SELECT chain_name FROM audit_chain_head").stream()
                .map(r -> r.get("chain_name").toString()).toList();
        assertTrue(chains.containsAll(List.of("helan", "baiyin")), chains::toString);
    }
}
