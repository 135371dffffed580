package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What policy staff run on their folder, with no service and no database: validate reports every
 * problem at once (including codes outside the public vocabulary and parameters read with the
 * wrong type), test runs every scenario in process and names the differences.
 */
public class RulesCliTest {
    private static final Path RULES = Path.of("rules");

    @TempDir
    Path tmp;

    @Test
    void validateReportsEveryProblemAtOnceWithFileLineAndColumn() throws IOException {
        Path copy = copy(RULES, tmp.resolve("rules"));
        Files.writeString(copy.resolve("baseline/zz-typo.drl"), """
                package kcbx.rules
                import kcbx.facts.*

                // "NOT_A_CODE" in a comment is not checked
                rule "A typo in a flag code" @id("zz.typo") @cite("test")
                when
                    $p : Parameters()
                    StudentFact(grade >= $p.intValue("ledger.specialGroups"))
                then
                    insertLogical(Flag.raise(drools, "SUSPECTED_DROPUT", null, "x"));
                    insertLogical(LedgerEntry.of(drools, "ENROLLED_ROSTER"));
                end
                """);
        append(copy.resolve("baseline/risk-tiers.csv"), "GROUP,LEFT_BEHIN,LOW,typo\n");
        append(copy.resolve("helan/parameters.yaml"), "\nledger.specialGroups: \"ORPHAN,ORPHANS\"\n");
        int csvRow = Files.readAllLines(copy.resolve("baseline/risk-tiers.csv")).size();

        Result r = run("validate", copy.toString());

        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("baseline/zz-typo.drl:10:38: \"SUSPECTED_DROPUT\" is not a code of the public"
                + " vocabulary"), r.out());
        assertTrue(r.out().contains("did you mean \"SUSPECTED_DROPOUT\"?"), r.out());
        assertTrue(r.out().contains("baseline/zz-typo.drl:8:38: Parameter ledger.specialGroups is read as a whole"
                + " number by intValue(...)"), r.out());
        assertTrue(r.out().contains("baseline/risk-tiers.csv:" + csvRow + ":2: Row " + csvRow + " column B:"
                + " \"LEFT_BEHIN\" is not a MonitoringGroup"), r.out());
        assertTrue(r.out().contains("helan/parameters.yaml:"), r.out());
        assertTrue(r.out().contains("\"ORPHANS\" is not a code"), r.out());
        assertTrue(!r.out().contains("NOT_A_CODE"), "comments are not checked: " + r.out());
        assertTrue(r.out().contains("4 problem(s)"), r.out());
    }

    @Test
    void clausesPrintsEachProfilesCoverageOfTheRegister() {
        Result r = run("clauses", RULES.toString(), "--profile", "helan");

        assertEquals(0, r.exit(), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("helan: (\\d+) clauses, (\\d+) encoded \\((\\d+)"
                + " exercised by a scenario\\), (\\d+) deliberately not encoded, (\\d+) pending").matcher(r.out());
        assertTrue(m.find(), r.out());
        int clauses = Integer.parseInt(m.group(1));
        int encoded = Integer.parseInt(m.group(2));
        int exercised = Integer.parseInt(m.group(3));
        assertEquals(clauses, encoded + Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5)), r.out());
        assertTrue(exercised > 0 && exercised <= encoded, r.out());
        assertTrue(!r.out().contains("\nbaiyin: "), "only the profile asked for: " + r.out());
        assertEquals(2, run("clauses", RULES.toString(), "--profile", "nowhere").exit());
    }

    @Test
    void testRunsEveryScenarioInProcessAndPrintsTheDifferences() throws IOException {
        Path copy = copy(RULES, tmp.resolve("rules"));
        append(copy.resolve("helan/parameters.yaml"), "\nattendance.suspectedDropoutDays: 2\n");
        Path scenarios = tmp.resolve("scenarios");
        Files.createDirectories(scenarios.resolve("attendance"));
        Files.writeString(scenarios.resolve("attendance/helan-two-days.json"), twoDays("helan", "SUSPECTED_DROPOUT"));
        Files.writeString(scenarios.resolve("attendance/baseline-two-days.json"), twoDays("baseline", "SUSPECTED_DROPOUT"));

        Result r = run("test", copy.toString(), "--scenarios", scenarios.toString());

        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("PASS attendance/helan-two-days.json"), r.out());
        assertTrue(r.out().contains("FAIL attendance/baseline-two-days.json"), r.out());
        assertTrue(r.out().contains("flag {code=SUSPECTED_DROPOUT} not found; got ["), r.out());
        assertTrue(r.out().contains("NOT FIRED by any scenario: dropout."), r.out());
        assertTrue(r.out().contains("1 passed, 1 failed"), r.out());
    }

    @Test
    void theRepositoryRulesPassEveryScenario() {
        Result r = run("test", RULES.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\d{3} passed, 0 failed, 0 rule\\(s\\) fired by no scenario\\s*"), r.out());
    }

    public static String twoDays(String profile, String flag) {
        return """
                {"description": "two unexcused school days",
                 "request": {"profile": "%s", "asOf": "2025-09-10",
                   "student": {"id": "cli-1", "schoolId": "school-1", "grade": 7},
                   "attendance": [{"date": "2025-09-08", "status": "PRESENT"},
                                  {"date": "2025-09-09", "status": "ABSENT_UNEXCUSED"},
                                  {"date": "2025-09-10", "status": "ABSENT_UNEXCUSED"}]},
                 "expect": {"flags": [{"code": "%s"}]}}
                """.formatted(profile, flag);
    }

    record Result(int exit, String out) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new RulesCli(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }

    public static void append(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + text, StandardCharsets.UTF_8);
    }
}
