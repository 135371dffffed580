package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.audit.AuditChecks;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.store.DecisionStore;
import kcbx.store.IndexFacts;
import kcbx.store.PreparedDecision;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The one prepared value a decision is recorded from (issue 18): what the indexes read of the
 * objects is what verify reads of the stored JSON, on every scenario in every profile; the request
 * stored and chained is the bytes the caller sent; the answer is the recorded JSON.
 */
@MicronautTest(transactional = false)
@Tag("db")
class PreparedDecisionTest {
    private static final List<String> PROFILES = List.of("baseline", "helan", "baiyin", "boshan", "rongchang",
            "zhongyang");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    DecisionPreparer preparer;

    @Inject
    DecisionStore store;

    @Inject
    kcbx.ruleset.ActiveRuleset rulesets;

    @Test
    void theIndexesReadOfTheObjectsWhatVerifyReadsOfTheStoredJson() throws Exception {
        CompiledRuleset ruleset = rulesets.get();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("test-fixtures", "scenarios"))) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int compared = 0;
        int withFlags = 0;
        int withLedgers = 0;
        for (Path file : files) {
            @SuppressWarnings("unchecked")
            Map<String, Object> scenario = json.readValue(Files.readAllBytes(file), Map.class);
            if (!(scenario.get("request") instanceof Map)) {
                continue;
            }
            byte[] sent = json.writeValueAsBytes(scenario.get("request"));
            for (String profileId : PROFILES) {
                ProfileRules profile = ruleset.profile(profileId).orElse(null);
                DecisionRequest request = json.readValue(sent, DecisionRequest.class);
                request.setProfile(profileId);
                Decision decision;
                try {
                    RequestValidator.validate(request);
                    decision = DecisionBench.evaluate(request, ruleset.version(), profile);
                } catch (RuntimeException notDecidable) {
                    continue; // e.g. a date outside this profile's calendar: nothing to record
                }
                PreparedDecision p = preparer.prepare(request, null, decision, null);
                long at = 1_757_500_000_000L;
                IndexFacts parsed = IndexFacts.parse(p.requestJson(), p.decision().at(at));
                assertEquals(parsed, p.index(), file + " " + profileId);
                // verify reads the same facts from the chained text it hashed
                String chained = kcbx.store.DecisionRecordSql.canonical(new kcbx.store.DecisionRecord(1L, p.decisionId(),
                        p.studentId(), p.schoolId(), p.profile(), p.asOf(), p.rulesetVersion(), p.riskLevel(), at,
                        p.requestJson(), p.decision().at(at), p.actor()));
                assertEquals(parsed, IndexFacts.ofChained(chained), file + " " + profileId + ", from the chained text");
                compared++;
                withFlags += p.index().flagCodes().isEmpty() ? 0 : 1;
                withLedgers += p.index().ledgers().isEmpty() ? 0 : 1;
            }
        }
        assertTrue(compared > 100 && withFlags > 50 && withLedgers > 50,
                compared + " compared, " + withFlags + " with flags, " + withLedgers + " with ledgers");
    }

    @Test
    void theRequestStoredAndChainedIsTheBytesSentAndTheAnswerIsTheRecordedJson() {
        HttpCalls http = new HttpCalls(client, json);
        // keys in an order of the caller's own, spaces between tokens, a Chinese name
        String sent = """
                { "student" : { "schoolId":"pd-school", "name":"李 小 红", "id":"pd-1" },
                  "asOf":"2025-09-10",   "profile":"helan",
                  "attendance":[ {"status":"ABSENT_UNEXCUSED","date":"2025-09-09"},
                                 {"status":"ABSENT_UNEXCUSED","date":"2025-09-10"} ] }""";
        HttpCalls.Reply r = http.post("/v1/decisions", "\n  " + sent + "\n");
        assertEquals(200, r.status(), r.body());
        String id = r.json().get("decisionId").toString();
        kcbx.store.DecisionRecord stored = store.find(id).orElseThrow();
        assertEquals(sent, stored.requestJson(), "stored as sent, only the whitespace around the value dropped");
        assertEquals(stored.decisionJson(), r.body(), "answered with the recorded JSON");
        HttpCalls.Reply replay = http.post("/v1/decisions/" + id + "/replay", "");
        assertEquals(200, replay.status(), replay.body());
        assertEquals(true, replay.json().get("reproduced"), replay.body());
        Map<String, Object> verified = AuditChecks.verify(http, "?chain=helan");
        assertEquals(true, verified.get("ok"), verified::toString);
    }
}
