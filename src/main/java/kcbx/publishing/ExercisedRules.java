package kcbx.publishing;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import kcbx.obligation.ObligationFixtures;
import kcbx.reconciliation.ReconciliationFixtures;
import kcbx.engine.CompiledRuleset;

/**
 * The rule ids a fixtures folder exercises on a compiled rule set: student scenarios
 * ({@code scenarios/}), dated obligations ({@code obligations/}) and registry reconciliations
 * ({@code reconciliations/}), each run in process the way its endpoint runs it. Nothing is stored.
 */
public final class ExercisedRules {
    /** The rule ids fired, and whether the folder had any scenario files at all. */
    public record Result(Set<String> rules, boolean fixturesFound) {
    }

    private ExercisedRules() {
    }

    public static Result collect(CompiledRuleset ruleset, Path fixtures, JsonMapper json) throws IOException {
        Set<String> fired = new TreeSet<>();
        Path scenarios = fixtures.resolve("scenarios");
        boolean found = false;
        if (Files.isDirectory(scenarios)) {
            found = true;
            fired.addAll(new ScenarioRunner(json).run(ruleset, scenarios).firedRules());
        }
        found |= Files.isDirectory(fixtures.resolve("obligations")) || Files.isDirectory(fixtures.resolve("reconciliations"));
        fired.addAll(ObligationFixtures.firedRules(ruleset, fixtures.resolve("obligations"), json));
        fired.addAll(ReconciliationFixtures.firedRules(ruleset, fixtures.resolve("reconciliations"), json));
        return new Result(Set.copyOf(fired), found);
    }
}
