package kcbx.reconciliation;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.system.ContractValidator;

/**
 * The reconciliation rules that the files of test-fixtures/reconciliations exercise on a
 * compiled rule set, run in process through the same reader and reconciler as POST
 * /v1/reconciliations (no HTTP, nothing stored): for the clause register's coverage. A file the
 * contract refuses exercises nothing.
 */
public final class ReconciliationFixtures {
    private ReconciliationFixtures() {
    }

    public static Set<String> firedRules(CompiledRuleset ruleset, Path folder, JsonMapper json) throws IOException {
        Set<String> fired = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return fired;
        }
        RequestReader reader = new RequestReader(new ContractValidator());
        Reconciler reconciler = new Reconciler(100_000, 2_000);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    Map<String, Object> scenario = json.readValue(Files.readString(file),
                            Argument.mapOf(String.class, Object.class));
                    RequestReader.Parsed request = reader.read(new ByteArrayInputStream(
                            json.writeValueAsBytes(scenario.get("request"))));
                    ProfileRules profile = ruleset.profile(request.profile() == null ? "baseline" : request.profile()).orElse(null);
                    if (profile != null) {
                        fired.addAll(reconciler.run(profile, request.asOf(), request.rows(), results -> { }).firedRules());
                    }
                } catch (IOException | RuntimeException e) {
                    // a refused or unreadable file exercises nothing; ReconciliationScenarioTest reports it
                }
            }
        }
        return fired;
    }
}
