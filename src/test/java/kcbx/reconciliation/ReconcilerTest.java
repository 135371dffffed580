package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import kcbx.facts.NationalId;
import kcbx.facts.RegistryList;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reconciliation rules driven without Micronaut, HTTP or SQL: rows in, findings out. */
class ReconcilerTest {
    private static ProfileRules baiyin;

    @BeforeAll
    static void compile() {
        baiyin = new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules"))).profile("baiyin").orElseThrow();
    }

    private static String id(String birth, int seq) {
        String first17 = "640122" + birth.replace("-", "") + String.format("%03d", seq);
        return first17 + NationalId.checkCharacter(first17);
    }

    private static List<String> run(RowTable rows, LocalDate asOf, int partitionRows, int sessionChildren) {
        List<String> out = new ArrayList<>();
        new Reconciler(partitionRows, sessionChildren).run(baiyin, asOf, rows, results -> results.forEach(r ->
                out.add(r.sortKey() + " " + r.finding().getCode() + " " + r.finding().getReason() + " "
                        + r.actions().stream().map(a -> a.getCode() + "@" + a.getDueDate()).toList())));
        out.sort(null);
        return out;
    }

    @Test
    void thirtyFirstOfAugustIsTheLastBirthdayOfTheCohort() {
        RowTable rows = new RowTable();
        rows.add(RegistryList.HOUSEHOLD, 0, null, id("2019-08-31", 1), null, null, null, null, null, null);
        rows.add(RegistryList.HOUSEHOLD, 1, null, id("2019-09-01", 2), null, null, null, null, null, null);
        List<String> findings = run(rows, LocalDate.of(2025, 3, 1), 10, 10);
        assertEquals(1, findings.size(), findings::toString);
        assertEquals(true, findings.get(0).contains("ENROLLMENT_AGE_REACHED"), findings::toString);
        assertEquals(true, findings.get(0).contains("ENROLLMENT_NOTICE@2025-06-30"), findings::toString);
    }

    @Test
    void chunkingDoesNotChangeTheFindings() {
        RowTable rows = new RowTable();
        int i = 0;
        for (int child = 0; child < 300; child++) {
            String nid = id(LocalDate.of(2011, 1, 1).plusDays(child * 11L).toString(), child % 1000);
            if (child % 3 != 0) {
                rows.add(RegistryList.HOUSEHOLD, i++, null, nid, null, null, null, null, null, null);
            }
            if (child % 5 != 0) {
                rows.add(RegistryList.SCHOOL_REGISTRY, i++, null, nid, null, null, null, "S" + child % 4, null, null);
            }
            if (child % 7 != 0) {
                rows.add(RegistryList.IN_SCHOOL, i++, null, child % 11 == 0 ? nid.substring(0, 17) : nid, null, null,
                        null, "S" + child % 4, null, null);
            }
        }
        List<String> wholeSession = run(rows, LocalDate.of(2025, 10, 15), 1_000_000, 1_000_000);
        List<String> tinyChunks = run(rows, LocalDate.of(2025, 10, 15), 50, 3);
        assertEquals(wholeSession, tinyChunks);
        assertEquals(true, wholeSession.size() > 50, "the mix has findings of every kind: " + wholeSession.size());
    }
}
