package kcbx.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import kcbx.calendar.CalendarFile;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTable;
import kcbx.facts.RiskTableRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a rule set folder into one Drools KieBase per profile, with the profile's parameters,
 * calendar and risk table. What a profile inherits is {@link ProfileTree}'s; the parameter files
 * are {@link ParameterFiles}', the risk table {@link RiskTableFile}'s, the calendar layers
 * {@link CalendarFile}'s and the DRL {@link DrlBuild}'s. Every problem in every file is collected
 * before failing.
 */
public final class RulesetCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(RulesetCompiler.class);
    public static final String BASELINE = "baseline";

    /** Compiled packages of earlier starts, or null. */
    private final CompiledDrlCache cache;

    /** A compiler that compiles every DRL file it is given. */
    public RulesetCompiler() {
        this(null);
    }

    /**
     * A compiler that reads the Drools packages of DRL files compiled before from {@code cache}
     * (null: none) and keeps what it compiles there; every check but Drools' compile still runs.
     */
    public RulesetCompiler(CompiledDrlCache cache) {
        this.cache = cache;
    }

    /**
     * The rule set checked and compiled, every profile's network built (in parallel): what
     * validating, publishing and replaying need.
     */
    public CompiledRuleset compile(RulesetSource source) {
        CompiledRuleset compiled = compileLazily(source);
        compiled.buildAll();
        return compiled;
    }

    /**
     * The rule set checked and compiled as {@link #compile} does, with each profile's network
     * (Drools' KieBase) left to be built when the profile first decides or by
     * {@link CompiledRuleset#buildAll}: a start serves sooner (the networks were most of a
     * restart's rule set time once the packages come from the cache). Every problem a compile
     * reports is still found here: the checks read the compiled packages, not the network.
     */
    public CompiledRuleset compileLazily(RulesetSource source) {
        List<RulesetProblem> problems = new ArrayList<>();
        ProfileTree tree = ProfileTree.read(source, problems);
        Map<String, ProfileDefinition> definitions = tree.definitions();
        Map<String, ProfileRules> compiled = new TreeMap<>();
        if (!definitions.containsKey(BASELINE)) {
            problems.add(new RulesetProblem(BASELINE + "/profile.yaml", 0, 0, "The rule set has no baseline profile."));
        } else {
            // profiles compile independently of each other: in parallel, one thread per core, each
            // with its own problem list, merged in profile order so the report reads the same
            // whatever finished first
            DrlBuild drl = new DrlBuild(source, cache);
            List<ProfileDefinition> defs = List.copyOf(definitions.values());
            List<List<RulesetProblem>> found = new ArrayList<>();
            List<Callable<ProfileRules>> work = new ArrayList<>();
            for (ProfileDefinition def : defs) {
                List<RulesetProblem> own = new ArrayList<>();
                found.add(own);
                work.add(() -> {
                    long start = System.nanoTime();
                    ProfileRules rules = compileProfile(source, tree, drl, def, own);
                    LOG.debug("Profile {} of rule set {} compiled in {} ms", def.id(), source.version(),
                            (System.nanoTime() - start) / 1_000_000);
                    return rules;
                });
            }
            List<ProfileRules> results = InParallel.run(work);
            for (int i = 0; i < defs.size(); i++) {
                problems.addAll(found.get(i));
                if (results.get(i) != null) {
                    compiled.put(defs.get(i).id(), results.get(i));
                }
            }
        }
        if (problems.isEmpty()) {
            ClauseRegisterCheck.check(source, compiled, problems); // cites and rule ids against the clause register
        }
        if (!problems.isEmpty()) {
            throw new RulesetException(dedupe(problems));
        }
        return new CompiledRuleset(source, compiled);
    }

    private static ProfileRules compileProfile(RulesetSource source, ProfileTree tree, DrlBuild drl,
                                               ProfileDefinition def, List<RulesetProblem> problems) {
        ParameterFiles parameters = new ParameterFiles(source, problems);
        ProfileTree.Layers layers = tree.layers(source, def, parameters, problems);
        if (layers == null) {
            return null;
        }
        Map<String, Object> params = parameters.values();
        SchoolCalendar calendar = calendar(source, def, layers.calendars(), problems);
        List<RiskTableRow> risk = layers.riskTable() == null ? List.of()
                : RiskTableFile.read(source, layers.riskTable(), problems);
        for (String path : layers.drlByName().values()) {
            RulesetLint.codes(path, source.text(path), problems);
            RulesetLint.parameters(path, source.text(path), params, problems);
        }
        DrlBuild.Built built = drl.build(def.id(), layers.drlByName(), problems);
        if (built == null || calendar == null) {
            return null;
        }
        Boolean riskTableGlobal = drl.riskTableGlobal(built.base(), def.id(), layers.drlByName(), problems);
        if (riskTableGlobal == null) {
            return null;
        }
        return new ProfileRules(def, built.base(),
                new Parameters(params), calendar, new RiskTable(risk), riskTableGlobal, built.ruleLocations());
    }

    /** The profile's calendar.yaml files laid over each other (see {@link CalendarFile#layered}). */
    private static SchoolCalendar calendar(RulesetSource source, ProfileDefinition def, List<String> paths,
                                           List<RulesetProblem> problems) {
        if (paths.isEmpty()) {
            problems.add(new RulesetProblem(def.id() + "/", 0, 0, "No calendar.yaml in the profile or its parents."));
            return null;
        }
        List<Map<String, Object>> layers = new ArrayList<>();
        for (String path : paths) {
            Map<String, Object> y = RulesetYaml.read(source, path, problems);
            if (y == null) {
                return null;
            }
            layers.add(y);
        }
        String last = paths.get(paths.size() - 1);
        try {
            return CalendarFile.layered(layers, last);
        } catch (IllegalArgumentException e) {
            problems.add(new RulesetProblem(last, 0, 0, e.getMessage()));
            return null;
        }
    }

    /** A baseline file's error shows once, not once for every profile that inherits it. */
    private static List<RulesetProblem> dedupe(List<RulesetProblem> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }
}
