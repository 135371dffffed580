package kcbx.publishing;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.system.FieldProblem;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetException;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;
import kcbx.ruleset.PublicationRecord;
import kcbx.ruleset.RulesetArchive;
import kcbx.ruleset.RulesetPointer;
import kcbx.ruleset.RulesetVersions;

/**
 * Makes a candidate the active version everywhere: compiled without a problem, every scenario
 * passing (for new files), stored with its files, the database pointer moved with who and why
 * in one transaction, then this instance swapped. Anything short of that is refused before the
 * pointer moves, so the active version keeps serving. Other instances follow the pointer.
 */
@Singleton
public class RulesetPublisher {
    private static final int LISTED = 50;
    /** Where the shipped scenarios come from in the repository: a failing one is named by its path there. */
    static final String SHIPPED_FOLDER = "test-fixtures/scenarios";

    private final ActiveRuleset active;
    private final RulesetArchive archive;
    private final RulesetPointer pointer;
    private final RulesetVersions versions;
    private final ScenarioRunner scenarios;
    private final String scenarioFolder;

    RulesetPublisher(ActiveRuleset active, RulesetArchive archive, RulesetPointer pointer, RulesetVersions versions,
                     JsonMapper json, @Value("${kcbx.scenarios.path:}") String scenarioFolder) {
        this.active = active;
        this.archive = archive;
        this.pointer = pointer;
        this.versions = versions;
        this.scenarios = new ScenarioRunner(json);
        this.scenarioFolder = scenarioFolder;
    }

    /** Compiles {@code source}, or refuses it (it does not compile) naming every problem. */
    public static CompiledRuleset compileOrRefuse(RulesetSource source) {
        try {
            return new RulesetCompiler().compile(source);
        } catch (RulesetException e) {
            List<FieldProblem> errors = e.problems().stream().limit(LISTED).map(p -> new FieldProblem(
                    p.file() + (p.line() > 0 ? ":" + p.line() + (p.column() > 0 ? ":" + p.column() : "") : ""),
                    p.message())).toList();
            throw new RulesetRefusedException(RulesetRefusedException.Reason.DOES_NOT_COMPILE,
                    "The candidate has " + e.problems().size() + " problem(s); the first is " + e.problems().get(0) + ".",
                    errors);
        }
    }

    /**
     * Publishes {@code source} when it compiles and passes both the service's own scenarios and
     * {@code scenarioFiles} (the publisher's, by name; may be null): a publisher cannot leave out
     * the scenarios that stand for the policy the service already enforces.
     */
    public PublicationRecord publish(RulesetSource source, Map<String, String> scenarioFiles, String by, String reason) {
        CompiledRuleset candidate = compileOrRefuse(source);
        ScenarioRunner.Report own = scenarios.run(candidate, ServiceScenarios.load(scenarioFolder));
        ScenarioRunner.Report sent = scenarios.run(candidate, scenarioFiles == null ? Map.of() : scenarioFiles);
        int run = own.outcomes().size() + sent.outcomes().size();
        if (run == 0) {
            throw new RulesetRefusedException(RulesetRefusedException.Reason.NO_SCENARIOS,
                    "No scenario was run against the candidate, so it was not published.", List.of());
        }
        long failed = own.failed() + sent.failed();
        if (failed > 0) {
            // the service's scenarios are named by their place in the repository, the publisher's as sent
            List<FieldProblem> errors = java.util.stream.Stream.concat(
                            own.outcomes().stream().filter(o -> !o.passed())
                                    .map(o -> new FieldProblem(serviceFolder() + "/" + o.file(),
                                            String.join("; ", o.failures()))),
                            sent.outcomes().stream().filter(o -> !o.passed())
                                    .map(o -> new FieldProblem(o.file(), String.join("; ", o.failures()))))
                    .limit(LISTED).toList();
            throw new RulesetRefusedException(RulesetRefusedException.Reason.SCENARIOS_FAIL,
                    failed + " of " + run + " scenarios fail under the candidate (" + own.failed()
                    + " of the service's own, " + sent.failed() + " of those sent); it was not published.", errors);
        }
        archive.archive(source, "published", reason);
        return activate(candidate, by, reason, run, (int) (own.passed() + sent.passed()));
    }

    private String serviceFolder() {
        return scenarioFolder == null || scenarioFolder.isBlank() ? SHIPPED_FOLDER
                : scenarioFolder.replaceAll("/+$", "");
    }

    /**
     * Rolls back (or forward) to a stored version; it was checked when it was first published.
     * Empty when no version is stored under that name.
     */
    public Optional<PublicationRecord> republish(String version, String by, String reason) {
        Optional<CompiledRuleset> stored;
        try {
            stored = versions.find(version);
        } catch (RulesetException e) {
            throw noLongerCompiles(version, e);
        }
        return stored.map(s -> activate(s, by, reason, 0, 0));
    }

    private static RulesetRefusedException noLongerCompiles(String version, RulesetException e) {
        return new RulesetRefusedException(RulesetRefusedException.Reason.DOES_NOT_COMPILE,
                "Stored version " + version + " no longer compiles: " + e.problems().get(0) + ".",
                List.of(new FieldProblem("rulesetVersion", "does not compile")));
    }

    private PublicationRecord activate(CompiledRuleset compiled, String by, String reason, int run, int passed) {
        synchronized (active) { // the follower swaps under the same lock
            PublicationRecord p = pointer.publish(compiled.version(), by, reason, run, passed)
                    .orElseGet(() -> pointer.publications(compiled.version(), 1).get(0));
            CompiledRuleset previous = active.swap(compiled);
            if (previous != compiled) {
                versions.remember(previous);
            }
            return p;
        }
    }
}
