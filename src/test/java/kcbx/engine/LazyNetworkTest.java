package kcbx.engine;

import static kcbx.engine.CompiledDrlCacheTest.decide;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import kcbx.facts.Flag;
import org.junit.jupiter.api.Test;

/**
 * A start compiles the rule set without building each profile's network (ProfileBase): every
 * check a compile makes still refuses a bad rule set, a profile's first decision builds its own
 * network only, and decides exactly as a rule set built whole does.
 */
class LazyNetworkTest {
    private static final RulesetSource SHIPPED = RulesetSource.fromDirectory(Path.of("rules"));

    @Test
    void aLazyCompileBuildsNoNetworkUntilAProfileDecidesAndThenOnlyItsOwn() {
        CompiledRuleset lazy = new RulesetCompiler().compileLazily(SHIPPED);
        assertTrue(lazy.profiles().size() > 2, lazy.profiles().keySet().toString());
        lazy.profiles().forEach((id, p) -> assertFalse(p.base().isBuilt(), id + " built by the compile"));

        EngineResult helan = decide(lazy.profile("helan").orElseThrow());

        lazy.profiles().forEach((id, p) -> assertEquals(id.equals("helan"), p.base().isBuilt(), id));
        CompiledRuleset whole = new RulesetCompiler().compile(SHIPPED);
        whole.profiles().forEach((id, p) -> assertTrue(p.base().isBuilt(), id + " not built by compile()"));
        EngineResult built = decide(whole.profile("helan").orElseThrow());
        assertEquals(built.firedRules(), helan.firedRules());
        assertEquals(built.flags().stream().map(Flag::getCode).toList(), helan.flags().stream().map(Flag::getCode).toList());
        assertTrue(helan.flags().stream().anyMatch(f -> f.getCode().equals("SUSPECTED_DROPOUT")), helan.flags().toString());

        lazy.buildAll();
        lazy.profiles().forEach((id, p) -> assertTrue(p.base().isBuilt(), id + " not built by buildAll"));
        // every network holds copies of the inherited packages (those several profiles take): none
        // holds their rule objects, so building one profile never copies rules another profile's
        // live sessions are using
        java.util.Map<Object, Integer> takers = new java.util.IdentityHashMap<>();
        lazy.profiles().values().forEach(p -> p.base().packages().forEach(pkg -> pkg.getRules()
                .forEach(rule -> takers.merge(rule, 1, Integer::sum))));
        java.util.Set<Object> inherited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        takers.forEach((rule, n) -> {
            if (n > 1) {
                inherited.add(rule);
            }
        });
        assertFalse(inherited.isEmpty(), "the county profiles inherit the baseline's rules");
        lazy.profiles().forEach((id, p) -> p.kieBase().getKiePackages().forEach(pkg -> pkg.getRules().forEach(rule ->
                assertFalse(inherited.contains(rule), id + "'s network holds the inherited rule " + rule.getName()))));
        for (String id : whole.profiles().keySet()) {
            assertEquals(decide(whole.profile(id).orElseThrow()).firedRules(),
                    decide(lazy.profile(id).orElseThrow()).firedRules(), id);
        }
    }

    /** The checks read the packages: a rule id a county file repeats from the baseline is still refused, with no network. */
    @Test
    void aLazyCompileStillRefusesARuleIdTheProfileHoldsTwice() {
        String baselineId = new RulesetCompiler().compileLazily(SHIPPED).profile("baseline").orElseThrow().base()
                .packages().stream().flatMap(p -> p.getRules().stream())
                .map(r -> String.valueOf(r.getMetaData().get("id"))).findFirst().orElseThrow();
        Map<String, byte[]> files = new TreeMap<>(SHIPPED.files());
        files.put("helan/zz-twice.drl", ("package kcbx.rules\nimport kcbx.facts.*\n\n"
                + "rule \"Twice\" @id(\"" + baselineId + "\") @cite(\"helan 一(四)\")\nwhen\n    StudentFact()\nthen\nend\n")
                .getBytes(StandardCharsets.UTF_8));

        RulesetException e = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compileLazily(new RulesetSource(files)));

        assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("helan/zz-twice.drl")
                && p.message().contains(baselineId)), e.getMessage());
    }
}
