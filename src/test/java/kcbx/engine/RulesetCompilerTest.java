package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule-set compilation with no Micronaut context: the repository's rules, and broken copies of them. */
class RulesetCompilerTest {
    private static final Path RULES = Path.of("rules");

    @TempDir
    Path tmp;

    @Test
    void theRepositoryRulesCompileForBaselineAndHelan() {
        CompiledRuleset rs = new RulesetCompiler().compile(RulesetSource.fromDirectory(RULES));
        assertTrue(rs.profile("baseline").isPresent());
        assertTrue(rs.profile("helan").isPresent());
        assertEquals(64, rs.version().length());
        assertEquals(3, rs.profile("helan").orElseThrow().parameters().intValue("attendance.suspectedDropoutDays"));
    }

    @Test
    void versionIsTheContentHashOfDecidingFilesOnly() throws IOException {
        Path copy = copyRules();
        String before = RulesetSource.fromDirectory(copy).version();
        Files.writeString(copy.resolve("baseline/NOTES.md"), "notes do not decide");
        assertEquals(before, RulesetSource.fromDirectory(copy).version());
        append(copy.resolve("helan/parameters.yaml"), "\nattendance.jointPersuasionDueDays: 5\n");
        assertNotEquals(before, RulesetSource.fromDirectory(copy).version());
    }

    @Test
    void aProfileParameterOverridesTheBaseline() throws IOException {
        Path copy = copyRules();
        append(copy.resolve("helan/parameters.yaml"), "\nattendance.suspectedDropoutDays: 4\n");
        CompiledRuleset rs = new RulesetCompiler().compile(RulesetSource.fromDirectory(copy));
        assertEquals(4, rs.profile("helan").orElseThrow().parameters().intValue("attendance.suspectedDropoutDays"));
        assertEquals(3, rs.profile("baseline").orElseThrow().parameters().intValue("attendance.suspectedDropoutDays"));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("baseline/broken.drl"), """
                package kcbx.rules
                import kcbx.facts.*

                rule "Broken" @id("x.broken") @cite("test")
                when
                    StudentFact( grade >>> 3 )
                then
                end
                """);
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        RulesetProblem p = e.problems().get(0);
        assertEquals("baseline/broken.drl", p.file());
        assertEquals(6, p.line());
        assertTrue(e.getMessage().contains("baseline/broken.drl:6"), e.getMessage());
    }

    @Test
    void theRiskTableGlobalOfAnotherTypeIsRefusedNamingItsFile() throws IOException {
        Path copy = copyRules();
        Path drl = copy.resolve("baseline/risk-tier.drl");
        Files.writeString(drl, Files.readString(drl).replace("global kcbx.facts.RiskTable riskTable",
                "global java.util.List riskTable").replace("riskTable.rows(\"FLAG\", $f.code)", "riskTable")
                .replace("riskTable.rows(\"GROUP\", $g.code)", "riskTable"));
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        RulesetProblem p = e.problems().get(0);
        assertEquals("baseline/risk-tier.drl", p.file());
        assertTrue(p.message().contains("kcbx.facts.RiskTable") && p.message().contains("java.util.List"), p.message());
    }

    @Test
    void duplicateRuleNamesAreAnErrorWithBothPlaces() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("baseline/zz-duplicate.drl"), """
                package kcbx.rules
                import kcbx.facts.*

                rule "Suspected dropout after the profile's number of school days absent" @id("x.dup") @cite("test")
                when
                    StudentFact()
                then
                end
                """);
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertTrue(e.getMessage().contains("baseline/zz-duplicate.drl:4"), e.getMessage());
        assertTrue(e.getMessage().contains("Duplicate rule name"), e.getMessage());
        assertTrue(e.getMessage().contains("baseline/attendance-escalation.drl:"), e.getMessage());
    }

    @Test
    void aRuleWithoutIdOrCitationIsRefused() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("baseline/bare.drl"), """
                package kcbx.rules
                import kcbx.facts.*

                rule "No metadata"
                when
                    StudentFact()
                then
                end
                """);
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertTrue(e.getMessage().contains("baseline/bare.drl:4: Rule \"No metadata\" has no @id"), e.getMessage());
        assertTrue(e.getMessage().contains("has no @cite"), e.getMessage());
    }

    @Test
    void aParameterOfTheWrongTypeOrUnknownNameIsRefused() throws IOException {
        Path copy = copyRules();
        append(copy.resolve("helan/parameters.yaml"), "\nattendance.suspectedDropoutDays: three\nattendance.suspectedDays: 3\n");
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertTrue(e.getMessage().contains("Parameter attendance.suspectedDropoutDays must be a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("Parameter attendance.suspectedDays is not defined in the baseline"), e.getMessage());
    }

    @Test
    void aParameterTableSetsParametersLikeTheYamlFile() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("helan/parameters.csv"), """
                name,value,note
                # 贺兰: two days already make a suspected dropout
                attendance.suspectedDropoutDays,2,三日改为两日
                ledger.specialGroups,"ORPHAN,LEFT_BEHIND",quoted because it holds a comma
                """);
        CompiledRuleset rs = new RulesetCompiler().compile(RulesetSource.fromDirectory(copy));
        ProfileRules helan = rs.profile("helan").orElseThrow();
        assertEquals(2, helan.parameters().intValue("attendance.suspectedDropoutDays"));
        assertTrue(helan.parameters().listed("ledger.specialGroups", "LEFT_BEHIND"));
        assertEquals(3, rs.profile("baseline").orElseThrow().parameters().intValue("attendance.suspectedDropoutDays"));
        assertNotEquals(RulesetSource.fromDirectory(RULES).version(), rs.version(), "the table is a deciding file");
    }

    @Test
    void aParameterTableCellInErrorIsNamedByRowAndColumn() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("helan/parameters.csv"), """
                name,value
                attendance.suspectedDropoutDays,three
                attendance.suspectedDays,3
                not a name,1
                attendance.prolongedAbsenceDays
                attendance.jointPersuasionDueDays,5
                """);
        append(copy.resolve("helan/parameters.yaml"), "\nattendance.jointPersuasionDueDays: 6\n");
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        String m = e.getMessage();
        assertTrue(m.contains("helan/parameters.csv:2:2: Row 2 column B: parameter attendance.suspectedDropoutDays"
                + " must be a whole number"), m);
        assertTrue(m.contains("helan/parameters.csv:3:2: Row 3 column B: parameter attendance.suspectedDays is not"
                + " defined in the baseline"), m);
        assertTrue(m.contains("helan/parameters.csv:4:1: Row 4 column A: \"not a name\" is not a parameter name"), m);
        assertTrue(m.contains("helan/parameters.csv:5: Row 5 needs 2 cells (name,value), has 1."), m);
        assertTrue(m.contains("helan/parameters.csv:6:1: Row 6 column A: attendance.jointPersuasionDueDays is also set in"
                + " helan/parameters.yaml"), m);
    }

    @Test
    void aMalformedRiskTableCellIsNamedByRowAndColumn() throws IOException {
        Path copy = copyRules();
        append(copy.resolve("baseline/risk-tiers.csv"), "FLAG,SUSPECTED_DROPOUT,SEVERE,bad level\n");
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertTrue(e.getMessage().contains("column C: level must be LOW, MEDIUM, HIGH or CRITICAL"), e.getMessage());
    }

    @Test
    void aRiskTableIsReadWithTheParameterTablesCsvQuoting() throws IOException {
        Path copy = copyRules();
        Path csv = copy.resolve("helan/risk-tiers.csv");
        Files.copy(copy.resolve("baseline/risk-tiers.csv"), csv);
        append(csv, "GROUP,LEFT_BEHIND,MEDIUM,\"留守儿童, 父母均外出务工\"\n" // a quoted reason that holds a comma
                + "GROUP,ORPHAN,HIGH,孤儿, 无人监护\n"); // unquoted: the rest of the row, as written
        ProfileRules helan = new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)).profile("helan").orElseThrow();
        List<String> reasons = helan.riskTable().rows().stream().map(r -> r.getKind() + " " + r.getCode() + " " + r.getLevel()
                + " " + r.getReason()).toList();
        assertTrue(reasons.contains("GROUP LEFT_BEHIND MEDIUM 留守儿童, 父母均外出务工"), reasons.toString());
        assertTrue(reasons.contains("GROUP ORPHAN HIGH 孤儿, 无人监护"), reasons.toString());

        append(csv, "FLAG,SUSPECTED_DROPOUT,HIGH,\"not closed\n");
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertTrue(e.getMessage().contains("helan/risk-tiers.csv:"), e.getMessage());
        assertTrue(e.getMessage().contains(": a quoted cell is not closed."), e.getMessage());
    }

    private Path copyRules() throws IOException {
        Path target = tmp.resolve("rules");
        try (Stream<Path> walk = Files.walk(RULES)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = target.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return target;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + text, StandardCharsets.UTF_8);
    }
}
