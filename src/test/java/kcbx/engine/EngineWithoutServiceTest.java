package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import kcbx.facts.AbsenceStreak;
import kcbx.facts.EvaluationContext;
import kcbx.facts.Flag;
import kcbx.facts.RegistryStatus;
import kcbx.facts.StudentFact;
import org.junit.jupiter.api.Test;

/**
 * The engine on its own, as a command line or another service would drive it: the rules folder
 * compiled from plain files and one student's facts evaluated, with no Micronaut context, no HTTP
 * and no database. The flag comes back explained down to the rule's file and line.
 */
class EngineWithoutServiceTest {
    private static final Path RULES = Path.of("rules");

    @Test
    void suspectedDropoutAfterThreeSchoolDaysAbsentWithTheRulesFileAndLine() throws IOException {
        CompiledRuleset ruleset = new RulesetCompiler().compile(RulesetSource.fromDirectory(RULES));
        ProfileRules baseline = ruleset.profile(RulesetCompiler.BASELINE).orElseThrow();
        LocalDate asOf = LocalDate.of(2025, 11, 5); // a Wednesday of the autumn term
        StudentFact student = new StudentFact("s-1", "school-1", null, LocalDate.of(2012, 3, 1), 7,
                RegistryStatus.ENROLLED, null, null, true, false, false, null, false, false, false, null);
        AbsenceStreak mondayToWednesday = new AbsenceStreak(List.of(LocalDate.of(2025, 11, 3),
                LocalDate.of(2025, 11, 4), asOf));

        EngineResult result = RuleEngine.evaluate(baseline, List.of(new EvaluationContext(asOf, "baseline"),
                baseline.calendar(), student, mondayToWednesday));

        Flag dropout = result.flags().stream().filter(f -> f.getCode().equals("SUSPECTED_DROPOUT")).findFirst()
                .orElseThrow(() -> new AssertionError("no SUSPECTED_DROPOUT in " + result.flags()));
        assertEquals(asOf, dropout.getSince(), "the third school day absent");
        assertTrue(result.firedRules().contains("attendance.suspected-dropout"), result.firedRules().toString());
        RuleFiring firing = result.origin(dropout).orElseThrow();
        assertEquals("attendance.suspected-dropout", firing.ruleId());
        String file = "baseline/attendance-escalation.drl";
        assertEquals(new RuleLocation(file, lineOf(file, "rule \"Suspected dropout after")), firing.location());
        assertTrue(firing.matchedFacts().stream().anyMatch(m -> m.type().equals("AbsenceStreak")),
                firing.matchedFacts().toString());
    }

    @Test
    void theSameFactsInTheSameOrderGiveTheSameResult() {
        ProfileRules helan = new RulesetCompiler().compile(RulesetSource.fromDirectory(RULES)).profile("helan")
                .orElseThrow();
        LocalDate asOf = LocalDate.of(2025, 11, 5);
        StudentFact student = new StudentFact("s-2", "school-1", null, LocalDate.of(2012, 3, 1), 7,
                RegistryStatus.ENROLLED, null, null, true, false, false, null, false, false, false, null);
        List<Object> facts = List.of(new EvaluationContext(asOf, "helan"), helan.calendar(), student,
                new AbsenceStreak(List.of(asOf)));

        EngineResult first = RuleEngine.evaluate(helan, facts);
        EngineResult second = RuleEngine.evaluate(helan, facts);

        assertEquals(first.firedRules(), second.firedRules());
        assertEquals(first.flags().stream().map(Flag::getCode).toList(),
                second.flags().stream().map(Flag::getCode).toList());
        assertTrue(first.flags().stream().anyMatch(f -> f.getCode().equals("ABSENT_UNEXCUSED")),
                first.flags().toString());
    }

    private static int lineOf(String file, String start) throws IOException {
        List<String> lines = Files.readAllLines(RULES.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start + " is not in " + file);
    }
}
