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
import kcbx.ruleset.PublishedScenarios;
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
    private final PublishedScenarios published;

    RulesetPublisher(ActiveRuleset active, RulesetArchive archive, RulesetPointer pointer, RulesetVersions versions,
                     JsonMapper json, @Value("${kcbx.scenarios.path:}") String scenarioFolder,
                     PublishedScenarios published) {
        this.published = published;
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
     * Publishes {@code source} when it compiles and passes the service's own scenarios, those stored
     * with the published versions before it ({@link PublishedScenarios}) and {@code scenarioFiles}
     * (the publisher's, by name; may be null): a publisher cannot leave out the scenarios that stand
     * for the policy the service already enforces. A policy change changes what a scenario expects,
     * so a scenario sent under the path of a stored or an own one replaces it, and one stored with
     * the active version replaces the own one of its path: nothing is dropped, every replacement is
     * stored with the version it was published with and chained with the credential that sent it.
     * The scenarios it passed are stored with the version.
     */
    public PublicationRecord publish(RulesetSource source, Map<String, String> scenarioFiles, String by, String reason) {
        CompiledRuleset candidate = compileOrRefuse(source);
        Map<String, String> sentFiles = scenarioFiles == null ? Map.of() : scenarioFiles;
        Map<String, PublishedScenarios.Scenario> bound = published.boundTo(pointer.active().orElse(active.get().version()));
        Map<String, String> held = new java.util.TreeMap<>();
        bound.forEach((path, s) -> {
            if (!sentFiles.containsKey(path)) {
                held.put(path, s.content());
            }
        });
        Map<String, String> ownFiles = new java.util.TreeMap<>(ServiceScenarios.load(scenarioFolder));
        ownFiles.keySet().removeAll(sentFiles.keySet());
        ownFiles.keySet().removeAll(bound.keySet());
        ScenarioRunner.Report own = scenarios.run(candidate, ownFiles);
        ScenarioRunner.Report stored = scenarios.run(candidate, held);
        ScenarioRunner.Report sent = scenarios.run(candidate, sentFiles);
        int run = own.outcomes().size() + stored.outcomes().size() + sent.outcomes().size();
        if (run == 0) {
            throw new RulesetRefusedException(RulesetRefusedException.Reason.NO_SCENARIOS,
                    "No scenario was run against the candidate, so it was not published.", List.of());
        }
        long failed = own.failed() + stored.failed() + sent.failed();
        if (failed > 0) {
            // the service's scenarios are named by their place in the repository, stored and sent ones by
            // their path as sent (a stored one with the version it was first published with)
            List<FieldProblem> errors = java.util.stream.Stream.of(
                            own.outcomes().stream().filter(o -> !o.passed())
                                    .map(o -> new FieldProblem(serviceFolder() + "/" + o.file(),
                                            String.join("; ", o.failures()))),
                            stored.outcomes().stream().filter(o -> !o.passed())
                                    .map(o -> new FieldProblem(o.file(), "stored with rule set version "
                                            + bound.get(o.file()).firstVersion().substring(0, 12) + ": "
                                            + String.join("; ", o.failures()))),
                            sent.outcomes().stream().filter(o -> !o.passed())
                                    .map(o -> new FieldProblem(o.file(), String.join("; ", o.failures()))))
                    .flatMap(x -> x).limit(LISTED).toList();
            throw new RulesetRefusedException(RulesetRefusedException.Reason.SCENARIOS_FAIL,
                    failed + " of " + run + " scenarios fail under the candidate (" + own.failed()
                    + " of the service's own, " + stored.failed() + " of those stored with earlier versions, "
                    + sent.failed() + " of those sent); it was not published.", errors);
        }
        archive.archive(source, "published", reason);
        Map<String, PublishedScenarios.Scenario> set = new java.util.TreeMap<>(bound);
        sentFiles.forEach((path, text) -> {
            PublishedScenarios.Scenario before = bound.get(path);
            set.put(path, before != null && before.content().equals(text) ? before
                    : new PublishedScenarios.Scenario(path, text, candidate.version()));
        });
        if (!set.isEmpty()) {
            published.store(candidate.version(), set);
        }
        return activate(candidate, by, reason, run, (int) (own.passed() + stored.passed() + sent.passed()));
    }

    private String serviceFolder() {
        boolean there = kcbx.system.ConfiguredFolder.resolve(scenarioFolder).map(java.nio.file.Files::isDirectory)
                .orElse(false);
        return !there ? SHIPPED_FOLDER : scenarioFolder.replaceAll("/+$", "");
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
