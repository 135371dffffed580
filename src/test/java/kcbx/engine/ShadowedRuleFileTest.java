package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A county rule file with the name of a baseline file would silently replace it (and every rule
 * in it): refused unless the county's profile.yaml says it replaces that file.
 */
class ShadowedRuleFileTest {
    private static final Path RULES = Path.of("rules");
    /** A county's own copy of the baseline's ledgers.drl with one rule renamed, so no duplicate-name clash. */
    private static final String COUNTY_LEDGERS = """
            package kcbx.rules
            import kcbx.facts.*

            rule "helan: its own enrolled roster"
                @id("helan.enrolled-roster") @cite("helan 一(二)")
            when
                StudentFact(registryStatus == RegistryStatus.ENROLLED)
            then
                insertLogical(LedgerEntry.of(drools, "ENROLLED_ROSTER"));
            end
            """;

    @TempDir
    Path tmp;

    @Test
    void aCountyFileWithABaselineFileNameIsRefusedNamingBothFiles() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("helan/ledgers.drl"), COUNTY_LEDGERS);
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        RulesetProblem p = e.problems().stream().filter(x -> x.file().equals("helan/ledgers.drl")).findFirst()
                .orElseThrow(() -> new AssertionError("no problem names helan/ledgers.drl: " + e.problems()));
        assertTrue(p.message().contains("baseline/ledgers.drl"), p.message());
        assertTrue(p.message().contains("replaces: [ledgers.drl]"), p.message());
    }

    @Test
    void aCountyFileDeclaredAsReplacingTheBaselineFileCompilesAndReplacesIt() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("helan/ledgers.drl"), COUNTY_LEDGERS);
        Path profile = copy.resolve("helan/profile.yaml");
        Files.writeString(profile, Files.readString(profile) + "\nreplaces: [ledgers.drl]\n");
        CompiledRuleset rs = new RulesetCompiler().compile(RulesetSource.fromDirectory(copy));
        assertTrue(ruleIds(rs, "helan").contains("helan.enrolled-roster"));
        assertFalse(ruleIds(rs, "helan").contains("ledgers.enrolled-roster"), "the baseline file is replaced in helan");
        assertTrue(ruleIds(rs, "baseline").contains("ledgers.enrolled-roster"), "and kept in the baseline");
    }

    @Test
    void declaringAReplacementDoesNotExcuseAnotherFile() throws IOException {
        Path copy = copyRules();
        Files.writeString(copy.resolve("helan/ledgers.drl"), COUNTY_LEDGERS);
        Path profile = copy.resolve("helan/profile.yaml");
        Files.writeString(profile, Files.readString(profile) + "\nreplaces: [support.drl]\n");
        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(RulesetSource.fromDirectory(copy)));
        assertEquals(1, e.problems().stream().filter(x -> x.file().equals("helan/ledgers.drl")).count());
    }

    private static java.util.Set<String> ruleIds(CompiledRuleset rs, String profile) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        rs.profile(profile).orElseThrow().kieBase().getKiePackages()
                .forEach(pkg -> pkg.getRules().forEach(r -> ids.add(String.valueOf(r.getMetaData().get("id")))));
        return ids;
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
}
