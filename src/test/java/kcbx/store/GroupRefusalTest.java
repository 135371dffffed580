package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import kcbx.api.model.ChainVerification;
import kcbx.api.model.DecisionRequest;
import kcbx.audit.AuditChains;
import kcbx.audit.ChainVerifier;
import kcbx.decision.DecisionBench;
import kcbx.decision.DecisionPreparer;
import kcbx.engine.CompiledRuleset;
import kcbx.ruleset.ActiveRuleset;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import kcbx.security.SchoolScope;
import kcbx.system.Jdbc;
import kcbx.system.ProblemException;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A group of decisions whose actors are read again in the group's own transaction: a decision of a
 * credential revoked since its request was let in is refused alone (a 401), neither stored nor
 * chained, and the others of its group are recorded on consecutive links of an unbroken chain; a
 * group refused whole records nothing and moves no head.
 */
@MicronautTest(transactional = false)
@Tag("db")
class GroupRefusalTest {
    @Inject
    DecisionStore store;
    @Inject
    DecisionPreparer preparer;
    @Inject
    ActiveRuleset rulesets;
    @Inject
    Credentials credentials;
    @Inject
    ChainVerifier verifier;
    @Inject
    AuditChains chains;
    @Inject
    JsonMapper json;
    @Inject
    TransactionOperations<Connection> tx;
    @Inject
    kcbx.audit.AuditLog log;

    @Test
    void aRevokedActorsDecisionIsRefusedAloneAndTheRestOfItsGroupChained() throws Exception {
        IssuedCredential kept = issue("kept");
        IssuedCredential revoked = issue("revoked");
        credentials.revoke(revoked.credentialId());
        String chain = chains.ofProfile("helan");
        long before = links(chain);

        List<PreparedDecision> group = List.of(prepared("gr-1", kept), prepared("gr-2", revoked), prepared("gr-3", kept));
        List<DecisionStore.Outcome> outcomes = store.recordGroup(group);

        assertNotNull(outcomes.get(0).recorded());
        assertNull(outcomes.get(1).recorded());
        assertTrue(outcomes.get(1).refusal() instanceof ProblemException p && p.status() == HttpStatus.UNAUTHORIZED,
                String.valueOf(outcomes.get(1).refusal()));
        assertNotNull(outcomes.get(2).recorded());
        assertTrue(store.find(group.get(0).decisionId()).isPresent());
        assertTrue(store.find(group.get(1).decisionId()).isEmpty(), "the refused decision is not stored");
        assertTrue(store.find(group.get(2).decisionId()).isPresent());
        assertEquals(before + 2, links(chain), "two links, the refused decision has none");
        ChainVerification v = verifier.verify(chain, null, null);
        assertEquals(true, v.getOk(), v::toString);
    }

    @Test
    void aGroupRefusedWholeRecordsNothing() throws Exception {
        IssuedCredential revoked = issue("revoked whole");
        credentials.revoke(revoked.credentialId());
        String chain = chains.ofProfile("helan");
        long before = links(chain);
        List<PreparedDecision> group = List.of(prepared("gw-1", revoked), prepared("gw-2", revoked));
        List<DecisionStore.Outcome> outcomes = store.recordGroup(group);
        assertEquals(2, outcomes.size());
        outcomes.forEach(o -> assertNotNull(o.refusal()));
        assertTrue(store.find(group.get(0).decisionId()).isEmpty());
        assertEquals(before, links(chain));
        assertEquals(true, verifier.verify(chain, null, null).getOk());
    }

    /**
     * Expiry is read as the credential check reads it: an expiry passed since the request was let
     * in (the row's expires_at_ms), and a credential of before expiries (none stored) older than
     * the configured lifetime, are refused like a revocation; a current one is not.
     */
    @Test
    void anExpiredCredentialsDecisionIsRefusedToo() throws Exception {
        IssuedCredential current = issue("current");
        IssuedCredential expired = issue("expired");
        IssuedCredential old = issue("of before expiries");
        Jdbc.write(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_credential SET expires_at_ms = ? WHERE credential_id = ?")) {
                ps.setLong(1, System.currentTimeMillis() - 1);
                ps.setString(2, expired.credentialId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_credential SET expires_at_ms = NULL, created_at_ms = ? WHERE credential_id = ?")) {
                ps.setLong(1, System.currentTimeMillis() - Duration.ofDays(91).toMillis()); // the lifetime is 90 days
                ps.setString(2, old.credentialId());
                ps.executeUpdate();
            }
            return null;
        });
        List<DecisionStore.Outcome> outcomes = store.recordGroup(List.of(prepared("ge-1", expired), prepared("ge-2", current),
                prepared("ge-3", old)));
        assertNotNull(outcomes.get(0).refusal(), "expired since it was let in");
        assertNotNull(outcomes.get(1).recorded());
        assertNotNull(outcomes.get(2).refusal(), "older than the lifetime, with no expiry stored");
    }

    /**
     * A screened append is a transaction of its own on the chain writer's connections: asked from
     * inside another transaction (whose rows it could not see, nor roll back with), it refuses
     * rather than write beside it.
     */
    @Test
    void aScreenedAppendInsideAnotherTransactionIsRefused() {
        String chain = chains.ofProfile("helan");
        long before = links(chain);
        assertThrows(IllegalStateException.class, () -> Jdbc.write(tx, c -> log.appendScreened(DecisionRecordSql.TYPE,
                List.of(chain), x -> refusedAll(), (x, at, kept) -> List.of())));
        assertEquals(before, links(chain));
    }

    /** A screen's answer refusing the one record offered: on its own it would append nothing and succeed. */
    private static java.util.BitSet refusedAll() {
        java.util.BitSet all = new java.util.BitSet();
        all.set(0);
        return all;
    }

    private IssuedCredential issue(String label) {
        return credentials.issue("group refusal " + label, List.of(Role.SCHOOL_SYSTEM), List.of(SchoolScope.ALL_SCHOOLS));
    }

    /** Links on the chain now (0 if it has none yet). */
    private long links(String chain) {
        try {
            return verifier.verify(chain, null, null).getChecked();
        } catch (ProblemException none) {
            return 0;
        }
    }

    private PreparedDecision prepared(String studentId, IssuedCredential actor) throws Exception {
        String body = """
                {"profile":"helan","asOf":"2025-09-12","student":{"id":"%s","schoolId":"S-GROUP",
                 "township":"T","name":"甲同学","gender":"FEMALE","grade":7,"className":"七(1)班",
                 "registryStatus":"ENROLLED"},
                 "attendance":[{"date":"2025-09-12","status":"ABSENT_UNEXCUSED"}],"interventions":[]}
                """.formatted(studentId);
        DecisionRequest request = json.readValue(body, DecisionRequest.class);
        CompiledRuleset ruleset = rulesets.get();
        var decision = DecisionBench.evaluate(request, ruleset.version(), ruleset.profile("helan").orElseThrow());
        decision.setDecisionId(java.util.UUID.randomUUID().toString()); // the bench's evaluation names every decision alike
        return preparer.prepare(request, null, decision, "credential:" + actor.credentialId());
    }
}
