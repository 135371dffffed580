package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kcbx.facts.AbsenceStreak;
import kcbx.facts.EvaluationContext;
import kcbx.facts.Flag;
import kcbx.facts.RegistryStatus;
import kcbx.facts.StudentFact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart with the same rules reads Drools' compiled packages instead of compiling them, and
 * decides exactly as a compile does; what does not read is compiled again; what does not compile
 * is never kept and still stops the compile.
 */
class CompiledDrlCacheTest {
    private static final Path RULES = Path.of("rules");
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path cache;

    @Test
    void aSecondCompileReadsTheKeptPackagesAndDecidesAsACompileDoes() throws IOException {
        RulesetSource source = RulesetSource.fromDirectory(RULES);
        new RulesetCompiler(new CompiledDrlCache(cache)).compile(source);
        List<Path> kept = files();
        assertFalse(kept.isEmpty(), "the first compile keeps its packages");
        for (Path f : kept) {
            Files.setLastModifiedTime(f, LONG_AGO);
        }

        CompiledRuleset read = new RulesetCompiler(new CompiledDrlCache(cache)).compile(source);

        assertEquals(kept, files());
        for (Path f : kept) {
            assertEquals(LONG_AGO, Files.getLastModifiedTime(f), f + " was read, not compiled and written again");
        }
        CompiledRuleset compiled = new RulesetCompiler().compile(source);
        assertEquals(compiled.profiles().keySet(), read.profiles().keySet());
        for (String profile : compiled.profiles().keySet()) {
            EngineResult a = decide(compiled.profile(profile).orElseThrow());
            EngineResult b = decide(read.profile(profile).orElseThrow());
            assertEquals(a.firedRules(), b.firedRules(), profile);
            assertEquals(a.flags().stream().map(Flag::getCode).toList(), b.flags().stream().map(Flag::getCode).toList(), profile);
            Flag dropout = b.flags().stream().filter(f -> f.getCode().equals("SUSPECTED_DROPOUT")).findFirst().orElseThrow();
            assertEquals(a.origin(a.flags().stream().filter(f -> f.getCode().equals("SUSPECTED_DROPOUT")).findFirst()
                    .orElseThrow()).orElseThrow().location(), b.origin(dropout).orElseThrow().location(), profile);
        }
    }

    @Test
    void aKeptFileThatDoesNotReadIsCompiledAgainAndReplaced() throws IOException {
        RulesetSource source = RulesetSource.fromDirectory(RULES);
        new RulesetCompiler(new CompiledDrlCache(cache)).compile(source);
        for (Path f : files()) {
            Files.write(f, "not a package".getBytes(StandardCharsets.UTF_8));
        }

        CompiledRuleset again = new RulesetCompiler(new CompiledDrlCache(cache)).compile(source);

        assertTrue(decide(again.profile("helan").orElseThrow()).flags().stream()
                .anyMatch(f -> f.getCode().equals("SUSPECTED_DROPOUT")));
        for (Path f : files()) {
            assertTrue(Files.size(f) > 1_000, f + " holds packages again");
        }
    }

    @Test
    void rulesThatDoNotCompileAreNotKeptAndStillStopTheCompile() throws IOException {
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(RULES).files());
        files.put("helan/broken.drl", ("package kcbx.rules\nimport kcbx.facts.*\n"
                + "rule \"Broken\" @id(\"helan.broken\") @cite(\"x\")\nwhen\n  StudentFact( grade > )\nthen\nend\n")
                .getBytes(StandardCharsets.UTF_8));
        RulesetSource broken = new RulesetSource(files);

        for (int start = 0; start < 2; start++) {
            RulesetException e = assertThrows(RulesetException.class,
                    () -> new RulesetCompiler(new CompiledDrlCache(cache)).compile(broken));
            assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("helan/broken.drl")), e.getMessage());
        }
    }

    /**
     * Files served from the cache skip the rule-code gate (a kept file is its verdict), so a kept
     * file that does not read must not let its DRL reach Drools unchecked: an escape whose key holds
     * a file that does not read is still refused, naming the call, and nothing of it runs.
     */
    @Test
    void aKeptFileThatDoesNotReadDoesNotLetRuleCodePastTheGate() throws IOException {
        RuleSandboxTest.Escape e = RuleSandboxTest.escapes().filter(x -> x.name().equals("Runtime.exec"))
                .findFirst().orElseThrow();
        RulesetSource hostile = new RulesetSource(RuleSandboxTest.withEscape(e));
        CompiledDrlCache kept = new CompiledDrlCache(cache);
        List<String> unit = List.of(RuleSandboxTest.FILE);
        Files.write(kept.file(hostile, unit), "not a package".getBytes(StandardCharsets.UTF_8));
        assertTrue(kept.holds(hostile, unit), "the build sees a kept file and skips the gate up front");

        List<RulesetProblem> problems = new java.util.ArrayList<>();
        assertEquals(null, new DrlBuild(hostile, kept).build("baseline",
                Map.of("zz-escape.drl", RuleSandboxTest.FILE), problems));

        RulesetProblem p = problems.stream().filter(x -> x.message().contains(e.forbidden())).findFirst()
                .orElseThrow(() -> new AssertionError(problems.toString()));
        RuleSandboxTest.assertNamed(e, p.file(), p.line(), p.message());
        RuleSandboxTest.assertNothingRan();
    }

    /** The cache's key holds the rule-code gate's classes, so a changed gate checks every file again. */
    @Test
    void theKeyHoldsTheRuleCodeGate() throws IOException {
        List<String> gate = CodeSourceFiles.list(CompiledDrlCache.class, "kcbx/engine").stream()
                .filter(path -> CompiledDrlCache.GATE.matcher(path).matches()).toList();
        for (Class<?> c : List.of(RuleSandbox.class, RuleCodeChecker.class, RuleAllowlist.class)) {
            assertTrue(gate.contains(c.getName().replace('.', '/') + ".class"), c + " in " + gate);
        }
        assertTrue(gate.stream().anyMatch(path -> path.contains("$")), "nested classes of the gate too: " + gate);
        assertFalse(gate.contains("kcbx/engine/RuleEngine.class"), gate.toString());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".pkg")).sorted().toList();
        }
    }

    /** Three school days absent up to a Wednesday of the autumn term, in the profile's rules. */
    static EngineResult decide(ProfileRules profile) {
        LocalDate asOf = LocalDate.of(2025, 11, 5);
        StudentFact student = new StudentFact("s-1", "school-1", null, LocalDate.of(2012, 3, 1), 7,
                RegistryStatus.ENROLLED, null, null, true, false, false, null, false, false, false, null);
        return RuleEngine.evaluate(profile, List.of(new EvaluationContext(asOf, profile.definition().id()),
                profile.calendar(), student, new AbsenceStreak(List.of(LocalDate.of(2025, 11, 3),
                        LocalDate.of(2025, 11, 4), asOf))));
    }
}
