package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kcbx.audit.galera-checks: an append reads its own transaction back only on a Galera node
 * ("auto" asks the server: neither H2 nor a single MariaDB server is one), always with "on" (this
 * context: decisions are still recorded and verify), and another value stops the start naming the
 * setting. On H2 and on MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Property(name = "kcbx.audit.galera-checks", value = "on")
@Tag("db")
class GaleraChecksTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    AuditLog log;

    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void autoAsksTheServerWhichIsNoGaleraNodeHere() {
        assertFalse(new AuditLog(tx, tx, null, 10, null, "auto").checksOwnTransaction(),
                "neither H2 nor one MariaDB server replicates with wsrep");
        assertTrue(new AuditLog(tx, tx, null, 10, null, "on").checksOwnTransaction());
        assertFalse(new AuditLog(tx, tx, null, 10, null, "off").checksOwnTransaction());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AuditLog(tx, tx, null, 10, null, "maybe"));
        assertTrue(e.getMessage().contains("kcbx.audit.galera-checks"), e.getMessage());
    }

    @Test
    void withTheChecksOnDecisionsAreRecordedAndVerify() {
        assertTrue(log.checksOwnTransaction());
        HttpCalls http = new HttpCalls(client, json);
        for (int i = 0; i < 3; i++) {
            HttpCalls.Reply r = http.post("/v1/decisions", """
                    {"profile":"helan","asOf":"2025-09-10","student":{"id":"galera-%d","schoolId":"galera-school"},
                     "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""".formatted(i));
            assertEquals(200, r.status(), r.body());
            assertEquals(200, http.get("/v1/decisions/" + r.json().get("decisionId")).status());
        }
        assertEquals(true, AuditChecks.verify(http, "").get("ok"));
    }
}
