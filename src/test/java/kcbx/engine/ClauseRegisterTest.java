package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import kcbx.publishing.ClauseCoverage;
import kcbx.publishing.RulesCliTest;

/**
 * The clause register (rules/&#42;/clauses*.csv) is read, and compiling refuses a rule set whose
 * rules cite a clause the register does not hold, or whose register names a rule that does not
 * exist in the profiles the row applies to. No Micronaut context.
 */
class ClauseRegisterTest {
    private static final Path RULES = Path.of("rules");

    @TempDir
    Path tmp;

    @Test
    void theRulesFolderHasARegisterForEveryDocumentAndEveryCiteIsInIt() {
        List<RulesetProblem> problems = new ArrayList<>();
        ClauseRegister register = ClauseRegister.read(RulesetSource.fromDirectory(RULES), problems);

        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(register.present());
        for (String doc : List.of("helan", "zhongyang", "boshan", "rongchang", "baiyin", "义务教育法", "常态化报告通知")) {
            assertTrue(register.clauses().stream().anyMatch(c -> c.document().equals(doc)), "no rows of " + doc);
        }
        assertTrue(register.contains("helan 一(四)"));
        assertTrue(register.contains("义务教育法 第五十八条"));
        // the real rule set compiles with its register, so every @cite of it is a row
        assertNotNull(new RulesetCompiler().compile(RulesetSource.fromDirectory(RULES)));
    }

    @Test
    void aCiteOfSeveralSectionsNamesEachOfThem() {
        assertEquals(List.of("helan 一(二)", "helan 一(四)", "rongchang 四(四)"),
                ClauseRegister.expand("helan 一(二)(四); rongchang 四(四)"));
        assertEquals(List.of("rongchang 三", "catalog CHRONIC_ABSENCE"), ClauseRegister.expand("rongchang 三；catalog CHRONIC_ABSENCE"));
        assertEquals(List.of("baiyin 二(一)"), ClauseRegister.expand("  baiyin   二(一) ;"));
    }

    @Test
    void aCiteNotInTheRegisterAndARowNamingAnUnknownRuleAreProblemsWithFileAndLine() throws IOException {
        Path copy = RulesCliTest.copy(RULES, tmp.resolve("rules"));
        Path drl = copy.resolve("helan/obligations.drl");
        List<String> lines = Files.readAllLines(drl, StandardCharsets.UTF_8);
        int citeLine = lines.indexOf(lines.stream().filter(l -> l.contains("@cite(\"helan 一(三)\")")).findFirst().orElseThrow()) + 1;
        String text = Files.readString(drl).replace("@cite(\"helan 一(三)\")", "@cite(\"helan 一(三)(九)\")")
                // a commented-out cite is not a rule's cite
                + "\n// @cite(\"nowhere 九\")\n";
        Files.writeString(drl, text);
        Path csv = copy.resolve("helan/clauses.csv");
        int rows = Files.readAllLines(csv).size();
        RulesCliTest.append(csv, "helan 九(九),不存在的规则,helan,obligations.helan.no-such-rule,\n"
                // a baiyin-only rule does not encode a clause for the baseline
                + "baiyin 二(四),疑似辍学立即劝返,baseline,baiyin.suspected-dropout-persuasion,理由\n"
                // a county's sentence applied to the baseline must say why
                + "helan 一(四),一日未到校家校联系,baseline,attendance.contact-family,\n");

        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));

        List<String> found = e.problems().stream().map(p -> p.file() + ":" + p.line() + ": " + p.message()).toList();
        assertTrue(found.stream().anyMatch(p -> p.startsWith("helan/obligations.drl:" + citeLine + ": @cite names the"
                + " clause \"helan 一(九)\", which is not in the clause register")), found.toString());
        assertFalse(found.stream().anyMatch(p -> p.contains("helan 一(三)\"")), "the registered half of the cite is fine: " + found);
        assertFalse(found.stream().anyMatch(p -> p.contains("nowhere")), "comments are not cites: " + found);
        assertTrue(found.contains("helan/clauses.csv:" + (rows + 1) + ": Row " + (rows + 1)
                + " column D: rule id \"obligations.helan.no-such-rule\" is not a rule of helan."), found.toString());
        assertTrue(found.contains("helan/clauses.csv:" + (rows + 2) + ": Row " + (rows + 2)
                + " column D: rule id \"baiyin.suspected-dropout-persuasion\" is not a rule of baseline."), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("helan/clauses.csv:" + (rows + 3) + ": Row " + (rows + 3)
                + " column E: a clause of helan's document applied to [baseline] needs the reason")), found.toString());
        assertEquals(4, found.size(), found.toString());
    }

    @Test
    void malformedRowsAreProblemsNamingRowAndColumn() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("helan/clauses.csv", ("clause,text,profiles,rules,reason\n"
                + "# a comment line\n"
                + "helan 一(四),\"未闭合的引号,helan,,x\n"
                + "helan一(四),没有空格,helan,,x\n"
                + "helan 一(二)(四),两个条款,helan,,x\n"
                + "helan 一(五),无理由也无规则,helan,,\n"
                + "helan 一(五),,,,\"理由, 含逗号\"\n").getBytes(StandardCharsets.UTF_8));
        files.put("boshan/clauses-extra.csv", "clause;text\n".getBytes(StandardCharsets.UTF_8));
        List<RulesetProblem> problems = new ArrayList<>();

        ClauseRegister register = ClauseRegister.read(new RulesetSource(files), problems);

        List<String> found = problems.stream().map(p -> p.file() + ":" + p.line() + ":" + p.column() + " " + p.message()).toList();
        assertTrue(found.contains("boshan/clauses-extra.csv:1:1 The clause register's first line must be \""
                + ClauseRegister.HEADER + "\"."), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("helan/clauses.csv:3:0 Row 3 needs 5 cells")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("helan/clauses.csv:4:1 Row 4 column A")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith("helan/clauses.csv:5:1 Row 5 column A: one row names one clause")), found.toString());
        assertTrue(found.contains("helan/clauses.csv:6:5 Row 6 column E: a clause no rule encodes needs the reason it is not encoded."), found.toString());
        assertTrue(found.contains("helan/clauses.csv:7:2 Row 7 column B: the clause's text is empty."), found.toString());
        assertTrue(found.contains("helan/clauses.csv:7:3 Row 7 column C: name the profiles the clause applies to."), found.toString());
        assertEquals(7, found.size(), found.toString());
        assertEquals(Set.of("helan 一(五)"), Set.copyOf(register.clauses().stream().map(ClauseRegister.Clause::key).toList()));
        assertEquals("理由, 含逗号", register.clauses().get(1).reason());
    }

    @Test
    void aRuleSetWithoutARegisterIsNotChecked() throws IOException {
        // versions published before the register existed are replayed for auditors: they still compile
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        bytes.put("baseline/profile.yaml", "name: no register\n".getBytes(StandardCharsets.UTF_8));
        bytes.put("baseline/calendar.yaml", Files.readAllBytes(RULES.resolve("baseline/calendar.yaml")));
        bytes.put("baseline/x.drl", """
                package kcbx.rules
                import kcbx.facts.*
                rule "Seen" @id("x.seen") @cite("anything at all")
                when
                    StudentFact()
                then
                end
                """.getBytes(StandardCharsets.UTF_8));
        RulesetSource source = new RulesetSource(bytes);

        assertFalse(ClauseRegister.read(source, new ArrayList<>()).present());
        assertNotNull(new RulesetCompiler().compile(source));
    }

    @Test
    void coverageCountsEveryRowThatAppliesToTheProfileOnce() {
        CompiledRuleset rules = new RulesetCompiler().compile(RulesetSource.fromDirectory(RULES));
        ClauseCoverage.Report helan = ClauseCoverage.of(rules, "helan", Set.of("attendance.contact-family"));
        ClauseCoverage.Report baseline = ClauseCoverage.of(rules, "baseline", Set.of());

        assertEquals(helan.rows().size(), helan.encoded() + helan.count(ClauseCoverage.Status.PENDING)
                + helan.count(ClauseCoverage.Status.NOT_ENCODED));
        assertTrue(helan.rows().stream().anyMatch(r -> r.clause().key().equals("helan 一(四)")
                && r.clause().rules().contains("attendance.contact-family") && r.status() == ClauseCoverage.Status.EXERCISED));
        // the helan-only self-checks apply to helan, not to the baseline or another county
        assertTrue(helan.rows().stream().anyMatch(r -> r.clause().rules().contains("obligations.helan.weekly-ledger-self-check")));
        assertFalse(baseline.rows().stream().anyMatch(r -> r.clause().rules().contains("obligations.helan.weekly-ledger-self-check")));
        // the national notice's quarterly review applies to the baseline but is encoded only in helan
        assertTrue(baseline.rows().stream().anyMatch(r -> r.clause().rules().contains("obligations.helan.quarterly-review")
                && r.status() == ClauseCoverage.Status.NOT_ENCODED));
        assertEquals(0, baseline.count(ClauseCoverage.Status.EXERCISED), "nothing fired");
        // every clause the issue-14 rules encode names them: nothing is left pending
        assertEquals(0, baseline.count(ClauseCoverage.Status.PENDING));
    }
}
