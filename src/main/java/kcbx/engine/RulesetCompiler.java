package kcbx.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kcbx.calendar.CalendarFile;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTable;
import kcbx.facts.RiskTableRow;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a rule set folder into one Drools KieBase per profile. A profile folder inherits the
 * baseline (or its named parent): a DRL file of the same name replaces the parent's, parameters
 * override the parent's one by one, and its own calendar.yaml or risk-tiers.csv replaces the
 * parent's. Every problem in every file is collected before failing.
 */
public final class RulesetCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(RulesetCompiler.class);
    public static final String BASELINE = "baseline";
    private static final String KFS_ROOT = "src/main/resources/rules/";
    private static final Pattern RULE_NAME = Pattern.compile("^\\s*rule\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S+)");
    private static final Set<String> LEVELS = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Set<String> KINDS = Set.of("FLAG", "GROUP");
    /** Sessions kept warm per profile; the pool grows past this under load and shrinks back. */
    private static final int SESSION_POOL_SIZE = 4;

    /** The compiled DRL of this compile, by the files it holds: profiles that inherit the same files share it. */
    private final Map<String, CompiledUnit> units = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the allowlist refuses in each DRL file of this compile, checked once however many profiles inherit it. */
    private final Map<String, List<RulesetProblem>> refused = new java.util.concurrent.ConcurrentHashMap<>();

    public CompiledRuleset compile(RulesetSource source) {
        List<RulesetProblem> problems = new ArrayList<>();
        Map<String, ProfileDefinition> definitions = readProfiles(source, problems);
        Map<String, ProfileRules> compiled = new TreeMap<>();
        if (!definitions.containsKey(BASELINE)) {
            problems.add(new RulesetProblem(BASELINE + "/profile.yaml", 0, 0, "The rule set has no baseline profile."));
        } else {
            // profiles compile independently of each other: in parallel, one thread per core, each
            // with its own problem list, merged in profile order so the report reads the same
            // whatever finished first
            List<ProfileDefinition> defs = List.copyOf(definitions.values());
            List<List<RulesetProblem>> found = new ArrayList<>();
            List<Callable<ProfileRules>> work = new ArrayList<>();
            for (ProfileDefinition def : defs) {
                List<RulesetProblem> own = new ArrayList<>();
                found.add(own);
                work.add(() -> {
                    long start = System.nanoTime();
                    ProfileRules rules = compileProfile(source, def, definitions, own);
                    LOG.debug("Profile {} of rule set {} compiled in {} ms", def.id(), source.version(),
                            (System.nanoTime() - start) / 1_000_000);
                    return rules;
                });
            }
            List<ProfileRules> results = inParallel(work);
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

    /** Runs the tasks on up to one thread per core and returns their results in task order. */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) {
        int threads = Math.max(1, Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()));
        if (threads == 1) {
            List<T> out = new ArrayList<>();
            for (Callable<T> t : tasks) {
                out.add(call(t));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rule-compiler");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> call(t)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the rule set", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, ProfileDefinition> readProfiles(RulesetSource source, List<RulesetProblem> problems) {
        Map<String, ProfileDefinition> defs = new TreeMap<>();
        for (String path : source.files().keySet()) {
            String[] parts = path.split("/");
            if (parts.length != 2 || !parts[1].equals("profile.yaml")) {
                continue;
            }
            String id = parts[0];
            Map<String, Object> y = yaml(source, path, problems);
            if (y == null) {
                continue;
            }
            Object parent = y.get("parent");
            if (id.equals(BASELINE) && parent != null) {
                problems.add(new RulesetProblem(path, 0, 0, "The baseline profile cannot have a parent."));
            }
            Object year = y.get("year");
            defs.put(id, new ProfileDefinition(id, String.valueOf(y.getOrDefault("name", id)),
                    id.equals(BASELINE) ? null : String.valueOf(parent == null ? BASELINE : parent),
                    str(y.get("sourceDocument")), str(y.get("issuer")),
                    year instanceof Integer i ? i : null, replaces(y.get("replaces"))));
        }
        for (ProfileDefinition d : defs.values()) {
            if (d.parent() != null && !defs.containsKey(d.parent())) {
                problems.add(new RulesetProblem(d.id() + "/profile.yaml", 0, 0,
                        "parent \"" + d.parent() + "\" is not a profile folder of this rule set."));
            }
        }
        return defs;
    }

    private ProfileRules compileProfile(RulesetSource source, ProfileDefinition def,
                                        Map<String, ProfileDefinition> defs, List<RulesetProblem> problems) {
        List<String> chain = chain(def, defs, problems);
        if (chain == null) {
            return null;
        }
        // later entries in the chain (closer to the profile) override earlier ones
        Map<String, String> drlByName = new TreeMap<>();
        List<String> calendarPaths = new ArrayList<>();
        String riskPath = null;
        Map<String, Object> params = new TreeMap<>();
        Map<String, String> paramOrigin = new TreeMap<>();
        for (String folder : chain) {
            for (String path : source.files().keySet()) {
                if (!path.startsWith(folder + "/") || path.indexOf('/', folder.length() + 1) >= 0) {
                    continue;
                }
                String name = path.substring(folder.length() + 1);
                if (name.endsWith(".drl")) {
                    String shadowed = drlByName.put(name, path);
                    if (shadowed != null && !defs.get(folder).replaces().contains(name)) {
                        problems.add(new RulesetProblem(path, 0, 0, "This file has the name of " + shadowed
                                + " and would replace it; write \"replaces: [" + name + "]\" in " + folder
                                + "/profile.yaml if that is meant, or rename the file."));
                    }
                } else if (name.equals("calendar.yaml")) {
                    calendarPaths.add(path);
                } else if (name.equals("risk-tiers.csv")) {
                    riskPath = path;
                } else if (name.equals("parameters.yaml")) {
                    mergeParameters(source, path, folder.equals(BASELINE), params, paramOrigin, problems);
                } else if (name.equals("parameters.csv")) {
                    mergeParameterTable(source, path, folder.equals(BASELINE), params, paramOrigin, problems);
                }
            }
        }
        SchoolCalendar calendar = calendar(source, def, calendarPaths, problems);
        List<RiskTableRow> risk = riskPath == null ? List.of() : riskTable(source, riskPath, problems);
        for (String drl : drlByName.values()) {
            RulesetLint.codes(drl, source.text(drl), problems);
            RulesetLint.parameters(drl, source.text(drl), params, problems);
        }
        // rule code outside the allowlist is refused before Drools compiles (and so runs) any of it
        boolean sandboxed = true;
        for (String drl : drlByName.values()) {
            List<RulesetProblem> found = refused.computeIfAbsent(drl, p -> RuleSandbox.check(p, source.text(p)));
            problems.addAll(found);
            sandboxed &= found.isEmpty();
        }
        if (!sandboxed) {
            return null;
        }
        Map<String, String> ruleLocation = new LinkedHashMap<>();
        List<String> inherited = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String path : drlByName.values()) {
            (path.startsWith(def.id() + "/") ? own : inherited).add(path);
        }
        KieBase base = build(source, def.id(), inherited, own, ruleLocation, problems);
        if (base == null || calendar == null) {
            return null;
        }
        // the risk table is the global riskTable where the DRL declares it; a rule set that does not
        // (written before it existed) matches the table's rows as facts, and gets them so
        List<org.kie.api.definition.rule.Global> globals = base.getKiePackages().stream()
                .flatMap(p -> p.getGlobalVariables().stream())
                .filter(g -> g.getName().equals(RiskTable.GLOBAL)).toList();
        String wrongType = globals.stream().map(org.kie.api.definition.rule.Global::getType)
                .filter(type -> !type.equals(RiskTable.class.getName())).findFirst().orElse(null);
        if (wrongType != null) {
            String where = drlByName.values().stream()
                    .filter(path -> source.text(path).matches("(?s).*\\bglobal\\s+\\S+\\s+" + RiskTable.GLOBAL + "\\b.*"))
                    .findFirst().orElse(def.id() + "/");
            problems.add(new RulesetProblem(where, 0, 0, "The global \"" + RiskTable.GLOBAL
                    + "\" is the profile's risk table and must be declared as " + RiskTable.class.getName()
                    + ", not " + wrongType + "."));
            return null;
        }
        boolean riskTableGlobal = !globals.isEmpty();
        return new ProfileRules(def, base, base.newKieSessionsPool(SESSION_POOL_SIZE),
                new Parameters(params), calendar, new RiskTable(risk), riskTableGlobal, locations(ruleLocation));
    }

    /**
     * A profile's calendar.yaml overrides its parent's key by key: a county that writes only its
     * own term dates keeps the national holidays and make-up workdays of the baseline.
     */
    private SchoolCalendar calendar(RulesetSource source, ProfileDefinition def, List<String> paths,
                                    List<RulesetProblem> problems) {
        if (paths.isEmpty()) {
            problems.add(new RulesetProblem(def.id() + "/", 0, 0, "No calendar.yaml in the profile or its parents."));
            return null;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String path : paths) {
            Map<String, Object> y = yaml(source, path, problems);
            if (y == null) {
                return null;
            }
            merged.putAll(y);
        }
        String last = paths.get(paths.size() - 1);
        try {
            return CalendarFile.parse(merged, last);
        } catch (IllegalArgumentException e) {
            problems.add(new RulesetProblem(last, 0, 0, e.getMessage()));
            return null;
        }
    }

    private List<String> chain(ProfileDefinition def, Map<String, ProfileDefinition> defs, List<RulesetProblem> problems) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ProfileDefinition d = def; d != null; d = d.parent() == null ? null : defs.get(d.parent())) {
            if (!seen.add(d.id())) {
                problems.add(new RulesetProblem(def.id() + "/profile.yaml", 0, 0, "The parents of this profile form a cycle: " + seen));
                return null;
            }
            chain.add(0, d.id());
        }
        return chain;
    }

    private void mergeParameters(RulesetSource source, String path, boolean baseline, Map<String, Object> params,
                                 Map<String, String> origin, List<RulesetProblem> problems) {
        Map<String, Object> y = yaml(source, path, problems);
        if (y == null) {
            return;
        }
        String[] lines = source.text(path).split("\n", -1);
        for (Map.Entry<String, Object> e : y.entrySet()) {
            int line = lineOf(lines, e.getKey());
            mergeParameter(path, lines, line, 0, "Parameter ", e.getKey(), e.getValue(), baseline, params, origin, problems);
        }
    }

    /**
     * parameters.csv: the same parameters as a table for people who work in spreadsheets, one row
     * per parameter, columns name,value[,note]; a value is a whole number, true/false or text
     * (quoted when it holds commas). A folder may hold it next to parameters.yaml, but a name
     * set in both is an error. Problems name the row and the cell.
     */
    private void mergeParameterTable(RulesetSource source, String path, boolean baseline, Map<String, Object> params,
                                     Map<String, String> origin, List<RulesetProblem> problems) {
        String[] lines = source.text(path).split("\n", -1);
        String sibling = path.substring(0, path.length() - ".csv".length()) + ".yaml";
        Map<String, Object> inYaml = source.files().containsKey(sibling) ? yaml(source, sibling, new ArrayList<>()) : null;
        for (int i = 1; i < lines.length; i++) { // row 1 is the header
            String text = lines[i].strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int row = i + 1;
            List<String> cells = csvCells(text);
            if (cells == null) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + ": a quoted cell is not closed."));
                continue;
            }
            if (cells.size() < 2) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + " needs 2 cells (name,value), has "
                        + cells.size() + "."));
                continue;
            }
            String key = cells.get(0).strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+")) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: \"" + key
                        + "\" is not a parameter name (e.g. attendance.suspectedDropoutDays)."));
                continue;
            }
            if (inYaml != null && inYaml.containsKey(key)) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: " + key
                        + " is also set in " + sibling + "; set it in one place only."));
                continue;
            }
            mergeParameter(path, lines, row, 2, "Row " + row + " column B: parameter ", key, tableValue(cells.get(1)),
                    baseline, params, origin, problems);
        }
    }

    /** A table cell as the parameter value it spells: whole number, true/false, or text. */
    private static Object tableValue(String cell) {
        String v = cell.strip();
        if (v.matches("-?[0-9]{1,9}")) {
            return Integer.valueOf(v);
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
        }
        return v;
    }

    /** The cells of one CSV line (RFC 4180 quoting, "" inside quotes); null when a quote is not closed. */
    static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }

    /** One parameter from a file of the profile chain, checked against what the baseline defines. */
    private static void mergeParameter(String path, String[] lines, int line, int column, String prefix, String key,
                                       Object value, boolean baseline, Map<String, Object> params,
                                       Map<String, String> origin, List<RulesetProblem> problems) {
        if (!(value instanceof Integer || value instanceof Boolean || value instanceof String)) {
            problems.add(new RulesetProblem(path, line, column, prefix + key
                    + " must be a whole number, true/false or text, not " + describe(value) + "."));
            return;
        }
        Object inherited = params.get(key);
        if (inherited == null && !baseline) {
            problems.add(new RulesetProblem(path, line, column, prefix + key
                    + " is not defined in the baseline; a profile can only override baseline parameters."));
            return;
        }
        if (inherited != null && inherited.getClass() != value.getClass()) {
            problems.add(new RulesetProblem(path, line, column, prefix + key + " must be " + describe(inherited)
                    + " as in " + origin.get(key) + ", not " + describe(value) + "."));
            return;
        }
        if (value instanceof Integer i && i < 0) {
            problems.add(new RulesetProblem(path, line, column, prefix + key + " cannot be negative."));
            return;
        }
        RulesetLint.parameterCodes(path, lines, key, value, line, problems);
        params.put(key, value);
        origin.put(key, path);
    }

    private List<RiskTableRow> riskTable(RulesetSource source, String path, List<RulesetProblem> problems) {
        List<RiskTableRow> rows = new ArrayList<>();
        String[] lines = source.text(path).split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            int row = i + 1;
            if (cells.length < 4) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + " needs 4 cells (kind,code,level,reason), has " + cells.length + "."));
                continue;
            }
            String kind = cells[0].strip();
            String code = cells[1].strip();
            String level = cells[2].strip();
            if (!KINDS.contains(kind)) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: kind must be FLAG or GROUP, not \"" + kind + "\"."));
            }
            if (!code.matches("[A-Z][A-Z_]*")) {
                problems.add(new RulesetProblem(path, row, 2, "Row " + row + " column B: \"" + code + "\" is not a code."));
            } else if (kind.equals("FLAG") && !Vocabulary.FLAGS.contains(code)
                    || kind.equals("GROUP") && !Vocabulary.GROUPS.contains(code)) {
                problems.add(new RulesetProblem(path, row, 2, "Row " + row + " column B: \"" + code + "\" is not a "
                        + (kind.equals("FLAG") ? "FlagCode" : "MonitoringGroup") + " of the public vocabulary"
                        + Vocabulary.nearest(code, kind.equals("FLAG") ? Vocabulary.FLAGS : Vocabulary.GROUPS)
                                .map(n -> "; did you mean \"" + n + "\"?").orElse(".")));
            }
            if (!LEVELS.contains(level)) {
                problems.add(new RulesetProblem(path, row, 3, "Row " + row + " column C: level must be LOW, MEDIUM, HIGH or CRITICAL, not \"" + level + "\"."));
            }
            rows.add(new RiskTableRow(kind, code, level, String.join(",", java.util.Arrays.copyOfRange(cells, 3, cells.length)).strip()));
        }
        return rows;
    }

    /**
     * The profile's KieBase: the DRL it inherits (the same files for most profiles) compiled once
     * per rule set and shared, plus its own DRL compiled on its own; then the id and citation
     * checks over every rule. Own files that only compile together with the inherited ones (a
     * declared type or function used across files) are compiled with them instead.
     */
    private KieBase build(RulesetSource source, String profile, List<String> inherited, List<String> own,
                          Map<String, String> ruleLocation, List<RulesetProblem> problems) {
        int before = problems.size();
        for (String path : inherited) {
            scanRuleNames(path, source.text(path), ruleLocation, problems);
        }
        for (String path : own) {
            scanRuleNames(path, source.text(path), ruleLocation, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        CompiledUnit shared = units.computeIfAbsent(String.join("\n", inherited), k -> new CompiledUnit(source, inherited));
        CompiledUnit mine = new CompiledUnit(source, own);
        List<CompiledUnit> parts = List.of(shared, mine);
        if (!mine.errors().isEmpty() && shared.errors().isEmpty()) {
            List<String> all = new ArrayList<>(inherited);
            all.addAll(own);
            parts = List.of(new CompiledUnit(source, all));
        }
        for (CompiledUnit unit : parts) {
            problems.addAll(unit.errors());
        }
        if (problems.size() > before) {
            return null;
        }
        InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
        for (CompiledUnit unit : parts) {
            unit.addTo(base);
        }
        Map<String, String> ids = new TreeMap<>();
        for (KiePackage pkg : base.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                String where = ruleLocation.getOrDefault(rule.getName(), profile + "/");
                String file = where.contains(":") ? where.substring(0, where.lastIndexOf(':')) : where;
                int line = where.contains(":") ? Integer.parseInt(where.substring(where.lastIndexOf(':') + 1)) : 0;
                Object id = rule.getMetaData().get("id");
                if (id == null || id.toString().isBlank()) {
                    problems.add(new RulesetProblem(file, line, 0, "Rule \"" + rule.getName() + "\" has no @id(\"...\") metadata."));
                } else if (ids.putIfAbsent(id.toString(), where) != null) {
                    problems.add(new RulesetProblem(file, line, 0, "Rule id \"" + id + "\" is also used at " + ids.get(id.toString()) + "."));
                }
                Object cite = rule.getMetaData().get("cite");
                if (cite == null || cite.toString().isBlank()) {
                    problems.add(new RulesetProblem(file, line, 0, "Rule \"" + rule.getName() + "\" has no @cite(\"...\") metadata naming its clause."));
                }
            }
        }
        return problems.size() > before ? null : base;
    }

    /**
     * DRL files compiled together by one Drools KnowledgeBuilder: their packages, or the errors
     * with file, line and column. Compiled on first use; the packages can be added to several
     * KieBases (Drools copies a package that another KieBase already uses).
     */
    private static final class CompiledUnit {
        private final RulesetSource source;
        private final List<String> paths;
        private List<RulesetProblem> errors;
        private Collection<KiePackage> packages;

        CompiledUnit(RulesetSource source, List<String> paths) {
            this.source = source;
            this.paths = List.copyOf(paths);
        }

        synchronized List<RulesetProblem> errors() {
            if (errors == null) {
                compile();
            }
            return errors;
        }

        synchronized void addTo(InternalKnowledgeBase base) {
            errors();
            if (!packages.isEmpty()) {
                base.addPackages(packages);
            }
        }

        private void compile() {
            KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
            for (String path : paths) {
                builder.add(ResourceFactory.newByteArrayResource(source.text(path).getBytes(StandardCharsets.UTF_8))
                        .setSourcePath(KFS_ROOT + path), ResourceType.DRL);
            }
            List<RulesetProblem> found = new ArrayList<>();
            long id = 0;
            for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.ERROR)) {
                Message m = r.asMessage(++id);
                String file = m.getPath() == null ? String.join(", ", paths) : sourcePath(m.getPath());
                found.add(new RulesetProblem(file, Math.max(m.getLine(), 0), Math.max(m.getColumn(), 0),
                        m.getText().strip().replace('\n', ' ')));
            }
            errors = List.copyOf(found);
            packages = found.isEmpty() ? builder.getKnowledgePackages().stream().map(KiePackage.class::cast).toList()
                    : List.of();
        }
    }

    /** "baseline/x.drl:12" by rule name, as the name scan found them, to file and line. */
    private static Map<String, RuleLocation> locations(Map<String, String> ruleLocation) {
        Map<String, RuleLocation> out = new TreeMap<>();
        ruleLocation.forEach((name, where) -> {
            int colon = where.lastIndexOf(':');
            out.put(name, new RuleLocation(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1))));
        });
        return Map.copyOf(out);
    }

    /** "src/main/resources/rules/helan/x.drl" or "rules/helan/x.drl" as Drools reports it, back to "helan/x.drl". */
    private static String sourcePath(String kiePath) {
        String p = kiePath.startsWith(KFS_ROOT) ? kiePath.substring(KFS_ROOT.length()) : kiePath;
        return p.startsWith("rules/") ? p.substring("rules/".length()) : p;
    }

    /** Drools silently keeps the last of two rules with one name; here it is an error with both places. */
    private static void scanRuleNames(String path, String text, Map<String, String> seen, List<RulesetProblem> problems) {
        String[] lines = text.split("\n", -1);
        boolean inBlockComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (inBlockComment) {
                if (line.contains("*/")) {
                    inBlockComment = false;
                }
                continue;
            }
            if (line.strip().startsWith("/*") && !line.contains("*/")) {
                inBlockComment = true;
                continue;
            }
            Matcher m = RULE_NAME.matcher(line);
            if (m.find()) {
                String raw = m.group(1);
                String name = raw.startsWith("\"") || raw.startsWith("'") ? raw.substring(1, raw.length() - 1) : raw;
                String where = path + ":" + (i + 1);
                String earlier = seen.putIfAbsent(name, where);
                if (earlier != null) {
                    problems.add(new RulesetProblem(path, i + 1, m.start(1) + 1,
                            "Duplicate rule name \"" + name + "\": already defined at " + earlier + "."));
                }
            }
        }
    }

    private Map<String, Object> yaml(RulesetSource source, String path, List<RulesetProblem> problems) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(source.text(path));
            if (loaded == null) {
                return Map.of();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                problems.add(new RulesetProblem(path, 1, 1, "The file must be a YAML mapping of names to values."));
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(new RulesetProblem(path, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "YAML syntax: " + e.getProblem() + "."));
            return null;
        } catch (RuntimeException e) {
            problems.add(new RulesetProblem(path, 0, 0, "Unreadable YAML."));
            return null;
        }
    }

    private static int lineOf(String[] lines, String key) {
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].stripLeading();
            if (l.startsWith(key + ":") || l.startsWith("\"" + key + "\":") || l.startsWith("'" + key + "':")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String describe(Object v) {
        if (v instanceof Integer) {
            return "a whole number";
        }
        if (v instanceof Boolean) {
            return "true/false";
        }
        if (v instanceof String) {
            return "text";
        }
        return v == null ? "empty" : "a " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The parent's rule files a profile replaces on purpose ("replaces: [support.drl]" in profile.yaml). */
    private static List<String> replaces(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** A baseline file's error shows once, not once for every profile that inherits it. */
    private static List<RulesetProblem> dedupe(List<RulesetProblem> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }
}
