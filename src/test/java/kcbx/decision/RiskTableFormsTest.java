package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Family;
import kcbx.api.model.Student;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import org.junit.jupiter.api.Test;

/**
 * The rules read the risk table as the global riskTable; rule sets written before that global
 * (archived versions an auditor replays) matched one fact per table row. The engine serves both:
 * the same student gets the same risk factors, tier and explanations either way.
 */
class RiskTableFormsTest {

    @Test
    void aRuleSetMatchingRowFactsDecidesAsTheGlobalForm() {
        RulesetSource current = RulesetSource.fromDirectory(Path.of("rules"));
        Map<String, byte[]> files = new TreeMap<>(current.files());
        String drl = new String(files.get("baseline/risk-tier.drl"), StandardCharsets.UTF_8);
        assertTrue(drl.contains("global kcbx.facts.RiskTable riskTable"), "the repository's rules use the global");
        String rowFacts = drl.replace("global kcbx.facts.RiskTable riskTable", "")
                .replace("RiskTableRow() from riskTable.rows(\"FLAG\", $f.code)", "RiskTableRow(kind == \"FLAG\", code == $f.code)")
                .replace("RiskTableRow() from riskTable.rows(\"GROUP\", $g.code)", "RiskTableRow(kind == \"GROUP\", code == $g.code)");
        assertNotEquals(drl, rowFacts);
        assertFalse(rowFacts.contains("riskTable."), rowFacts);
        files.put("baseline/risk-tier.drl", rowFacts.getBytes(StandardCharsets.UTF_8));

        CompiledRuleset global = new RulesetCompiler().compile(current);
        CompiledRuleset rows = new RulesetCompiler().compile(new RulesetSource(files));
        ProfileRules g = global.profile("helan").orElseThrow();
        ProfileRules r = rows.profile("helan").orElseThrow();
        assertTrue(g.riskTableGlobal());
        assertFalse(r.riskTableGlobal());

        DecisionRequest request = student();
        Decision a = DecisionService.evaluate(request, "v", g, "d", Instant.EPOCH);
        Decision b = DecisionService.evaluate(request, "v", r, "d", Instant.EPOCH);
        assertTrue(a.getRiskFactors().size() >= 4, a.getRiskFactors().toString());
        assertEquals("CRITICAL", a.getRiskLevel().getValue());
        assertEquals(a.getRiskFactors(), b.getRiskFactors());
        assertEquals(a.getRiskLevel(), b.getRiskLevel());
        assertEquals(a.getFlags(), b.getFlags());
        assertEquals(a.getActions(), b.getActions());
    }

    /** A week of unexcused absence, left behind and from a registered poor family: flags and groups in the table. */
    private static DecisionRequest student() {
        List<AttendanceRecord> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 11, 3); !d.isAfter(LocalDate.of(2025, 11, 14)); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() < 6) {
                days.add(new AttendanceRecord(d, d.isBefore(LocalDate.of(2025, 11, 6))
                        ? AttendanceStatus.PRESENT : AttendanceStatus.ABSENT_UNEXCUSED));
            }
        }
        return new DecisionRequest(LocalDate.of(2025, 11, 14), new Student("s-1").schoolId("school-1").grade(7)
                .birthDate(LocalDate.of(2012, 3, 1)))
                .profile("helan")
                .family(new Family().leftBehind(true).poverty(kcbx.api.model.Poverty.REGISTERED_POOR))
                .attendance(days);
    }
}
