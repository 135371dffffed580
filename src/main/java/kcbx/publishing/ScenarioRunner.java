package kcbx.publishing;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.system.ProblemException;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import kcbx.decision.DecisionService;
import kcbx.decision.RequestValidator;

/**
 * Runs every scenario file against a compiled candidate in process, through the same pure
 * evaluation a live decision takes, and says which pass, how the others differ, and which rules no
 * scenario fired. Nothing is stored. The command line and the publish endpoint both use it.
 */
public final class ScenarioRunner {
    private final JsonMapper json;

    public ScenarioRunner(JsonMapper json) {
        this.json = json;
    }

    /** One scenario file and what was wrong with its decision (nothing, when it passed). */
    public record Outcome(String file, String description, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /**
     * Every outcome, in file order, the rule ids (with profile and name) no scenario fired, and
     * the ids of the rules that fired for some scenario (the clause register's coverage).
     */
    public record Report(List<Outcome> outcomes, List<String> unfiredRules, Set<String> firedRules) {
        public long passed() {
            return outcomes.stream().filter(Outcome::passed).count();
        }

        public long failed() {
            return outcomes.size() - passed();
        }
    }

    public Report run(CompiledRuleset ruleset, Path scenarios) throws IOException {
        return run(ruleset, read(scenarios));
    }

    /** Scenario texts by file name (relative to the scenario folder), run in name order. */
    public Report run(CompiledRuleset ruleset, Map<String, String> scenarios) {
        Set<String> fired = new TreeSet<>();
        List<Outcome> outcomes = new ArrayList<>();
        new TreeMap<>(scenarios).forEach((name, text) -> outcomes.add(runOne(ruleset, name, text, fired)));
        return new Report(outcomes, unfired(ruleset, fired), Set.copyOf(fired));
    }

    /** The *.json files under {@code folder} by path relative to it. */
    public static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.put(folder.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Outcome runOne(CompiledRuleset ruleset, String name, String text, Set<String> fired) {
        String description = null;
        List<String> failures = new ArrayList<>();
        try {
            Map<String, Object> scenario = json.readValue(text, Argument.mapOf(String.class, Object.class));
            description = (String) scenario.get("description");
            DecisionRequest request = json.readValue(json.writeValueAsBytes(scenario.get("request")),
                    DecisionRequest.class);
            RequestValidator.validate(request);
            String profileId = request.getProfile() == null ? "baseline" : request.getProfile();
            ProfileRules profile = ruleset.profile(profileId).orElse(null);
            if (profile == null) {
                failures.add("the candidate has no profile " + profileId);
                return new Outcome(name, description, failures);
            }
            Decision decision = DecisionService.evaluate(request, ruleset.version(), profile, "scenario",
                    Instant.EPOCH);
            Map<String, Object> got = json.readValue(json.writeValueAsBytes(decision),
                    Argument.mapOf(String.class, Object.class));
            withEmptyLists(got);
            ((List<?>) got.get("firedRules")).forEach(r -> fired.add(r.toString()));
            ScenarioExpectations.check((Map<String, Object>) scenario.getOrDefault("expect", Map.of()), got, failures);
        } catch (ProblemException e) {
            failures.add("the request is refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            failures.add("cannot run: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Outcome(name, description, failures);
    }

    /**
     * The service writes empty lists (inclusion non_absent); a mapper made outside the service, as
     * the command line's, leaves them out. Expectations compare the service's form.
     */
    @SuppressWarnings("unchecked")
    private static void withEmptyLists(Map<String, Object> decision) {
        for (String key : List.of("flags", "actions", "monitoringGroups", "ledgers", "warnings", "firedRules",
                "riskFactors")) {
            decision.putIfAbsent(key, new ArrayList<>());
        }
        for (Object a : (List<Object>) decision.get("actions")) {
            ((Map<String, Object>) a).putIfAbsent("participants", new ArrayList<>());
        }
    }

    private static List<String> unfired(CompiledRuleset ruleset, Set<String> fired) {
        Map<String, String> all = new TreeMap<>();
        for (ProfileRules profile : ruleset.profiles().values()) {
            for (KiePackage pkg : profile.base().packages()) {
                for (Rule rule : pkg.getRules()) {
                    all.putIfAbsent(String.valueOf(rule.getMetaData().get("id")),
                            profile.definition().id() + ": " + rule.getName());
                }
            }
        }
        // reconciliation and obligation rules never fire for a student's decision; their own
        // scenario runners (kcbx.ruleset.RuleCoverage) check that each of them is exercised
        return all.entrySet().stream().filter(e -> !fired.contains(e.getKey()))
                .filter(e -> !e.getKey().startsWith("reconciliation.") && !e.getKey().startsWith("obligations."))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    }
}
