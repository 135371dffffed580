package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kcbx.api.model.DecisionRequest;
import kcbx.decision.DecisionBench;
import kcbx.decision.DecisionPreparer;
import kcbx.engine.CompiledRuleset;
import kcbx.ruleset.ActiveRuleset;
import kcbx.system.Jdbc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ids a group's rows are recorded under are the rows' ids, whichever way they are learnt: on
 * MariaDB (consecutive auto-increment values for a statement's rows) from the INSERT's generated
 * keys, one round trip fewer a group; on H2 read back by decision_id. Checked with two threads
 * recording groups on two chains at once, so their INSERTs interleave, and against the flag index,
 * whose rows point at the decision by that id.
 */
@MicronautTest(transactional = false)
@Tag("db")
class GeneratedIdsTest {
    @Inject
    DecisionStore store;
    @Inject
    DecisionRecordSql records;
    @Inject
    DecisionPreparer preparer;
    @Inject
    ActiveRuleset rulesets;
    @Inject
    JsonMapper json;
    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void theIdsAnsweredAreTheRowsIdsUnderConcurrentGroups() throws Exception {
        boolean mariaDb = Jdbc.read(tx, c -> c.getMetaData().getDatabaseProductName().matches("(?i).*(mariadb|mysql).*"));
        assertEquals(mariaDb, Jdbc.read(tx, records::keysAreIds), "generated keys used on MariaDB (lock mode 1), not on H2");

        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<List<RecordedDecision>>> rounds = new ArrayList<>();
        Map<String, Integer> flags = new ConcurrentHashMap<>();
        try {
            for (int round = 0; round < 6; round++) {
                for (String profile : List.of("helan", "baiyin")) {
                    List<PreparedDecision> group = new ArrayList<>();
                    for (int i = 0; i < 3 + round * 13; i++) { // 3 to 68 rows: one statement and two
                        PreparedDecision p = prepared(profile, "gid-" + profile + "-" + round + "-" + i);
                        flags.put(p.decisionId(), p.index().flagCodes().size());
                        group.add(p);
                    }
                    rounds.add(two.submit(() -> store.recordAll(group)));
                }
            }
            int checked = 0;
            int flagged = 0;
            for (Future<List<RecordedDecision>> f : rounds) {
                for (RecordedDecision r : f.get()) {
                    assertEquals(r.id(), idOf(r.decisionId()), r.decisionId());
                    assertEquals(flags.get(r.decisionId()), flagsAt(r.id()), "the flag rows hang on the row's id");
                    checked++;
                    flagged += flags.get(r.decisionId()) > 0 ? 1 : 0;
                }
            }
            assertEquals(2 * (6 * 3 + 13 * 15), checked);
            assertEquals(checked, flagged, "every decision has flags to point at it");
        } finally {
            two.shutdownNow();
        }
    }

    private long idOf(String decisionId) {
        return single("SELECT id FROM decision_record WHERE decision_id = ?", decisionId);
    }

    private int flagsAt(long id) {
        return (int) single("SELECT COUNT(*) FROM decision_flag WHERE decision_pk = ?", id);
    }

    /** The one number the query answers for its one parameter. */
    private long single(String sql, Object parameter) {
        return Jdbc.read(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, parameter);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private PreparedDecision prepared(String profile, String studentId) throws Exception {
        String body = """
                {"profile":"%s","asOf":"2025-09-12","student":{"id":"%s","schoolId":"S-IDS",
                 "township":"T","name":"乙同学","gender":"MALE","grade":8,"className":"八(2)班",
                 "registryStatus":"ENROLLED"},
                 "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-11","status":"ABSENT_UNEXCUSED"},
                               {"date":"2025-09-12","status":"ABSENT_UNEXCUSED"}],"interventions":[]}
                """.formatted(profile, studentId);
        DecisionRequest request = json.readValue(body, DecisionRequest.class);
        CompiledRuleset ruleset = rulesets.get();
        var decision = DecisionBench.evaluate(request, ruleset.version(), ruleset.profile(profile).orElseThrow());
        decision.setDecisionId(java.util.UUID.randomUUID().toString()); // the bench's evaluation names every decision alike
        return preparer.prepare(request, null, decision, null);
    }
}
