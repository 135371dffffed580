package kcbx.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

/**
 * DRL files compiled together by one Drools KnowledgeBuilder: their packages, or the errors
 * with file, line and column. Compiled on first use; the packages can be added to several
 * KieBases (Drools copies a package that another KieBase already uses).
 */
final class DrlUnit {
    private static final String KFS_ROOT = "src/main/resources/rules/";

    private final RulesetSource source;
    private final List<String> paths;
    /** Packages compiled before from the same files, or null to always compile. */
    private final CompiledDrlCache cache;
    /** What the rule-code gate refuses in a file: checked before Drools compiles any of them. */
    private final Function<String, List<RulesetProblem>> gate;
    private List<RulesetProblem> errors;
    private Collection<KiePackage> packages;

    /** Whether several profiles' networks take these packages (the files they inherit). */
    private final boolean shared;

    DrlUnit(RulesetSource source, List<String> paths, CompiledDrlCache cache,
            Function<String, List<RulesetProblem>> gate, boolean shared) {
        this.source = source;
        this.paths = List.copyOf(paths);
        this.cache = cache;
        this.gate = gate;
        this.shared = shared;
    }

    synchronized List<RulesetProblem> errors() {
        if (errors == null) {
            compile();
        }
        return errors;
    }

    /**
     * One KieBase holding the packages of {@code units} (all compiled without error).
     *
     * <p>This is the one place that uses Drools internals ({@link InternalKnowledgeBase}, and
     * {@link InternalKnowledgePackage} in {@link #reserved}): the
     * public KIE API (org.kie.api) builds a KieBase only by compiling DRL source (KieBuilder, then a
     * KieContainer) and has no way to put packages compiled once into several KieBases. Every county
     * profile inherits the baseline's files, so with the public API each profile compiles all of them
     * again: for the shipped six profiles, warm and one after the other on a 2-core machine, 2.1 s
     * against 1.3-1.5 s with the inherited files compiled once and shared; and every build would also
     * stay registered in the process-wide KieRepository under a ReleaseId of its own until removed.
     */
    static KieBase kieBase(List<DrlUnit> units) {
        InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
        for (DrlUnit unit : units) {
            unit.addTo(base);
        }
        return base;
    }

    /** The compiled packages (none when there were errors). */
    synchronized Collection<KiePackage> packages() {
        errors();
        return packages;
    }

    private synchronized void addTo(InternalKnowledgeBase base) {
        errors();
        if (!packages.isEmpty()) {
            base.addPackages(packages);
        }
    }

    private void compile() {
        if (cache != null && !paths.isEmpty()) {
            var kept = cache.read(source, paths);
            if (kept.isPresent()) {
                errors = List.of();
                packages = shared ? reserved(kept.get()) : kept.get();
                return;
            }
        }
        // not served from the cache: every file through the gate before Drools sees any of it (the
        // caller skipped the gate for files the cache held, and a kept file may not have read)
        List<RulesetProblem> refused = new ArrayList<>();
        for (String path : paths) {
            refused.addAll(gate.apply(path));
        }
        if (!refused.isEmpty()) {
            errors = List.copyOf(refused);
            packages = List.of();
            return;
        }
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
        if (cache != null && found.isEmpty() && !paths.isEmpty()) {
            cache.write(source, paths, packages);
        }
        if (shared) {
            packages = reserved(packages);
        }
    }

    /**
     * Shared packages marked as in use, though no KieBase uses them, so that every KieBase gets a
     * copy and none the packages themselves. Drools adds a package that no KieBase uses yet as it
     * is, and copies one already in use ({@code deepCloneIfAlreadyInUse}, which also does the
     * marking); profiles' networks are built when each first decides ({@link ProfileBase}), so
     * without this the inherited packages could be copied for one profile while another profile's
     * live sessions use them. Kept like this, they are only ever read (their rules' metadata, and
     * each copy under this unit's lock). A profile's own files go to its network alone, uncopied
     * (a copy of freshly compiled packages costs about as much as their compile).
     */
    private static Collection<KiePackage> reserved(Collection<KiePackage> packages) {
        for (KiePackage p : packages) {
            ((InternalKnowledgePackage) p).deepCloneIfAlreadyInUse(DrlUnit.class.getClassLoader());
        }
        return packages;
    }

    /** "src/main/resources/rules/helan/x.drl" or "rules/helan/x.drl" as Drools reports it, back to "helan/x.drl". */
    private static String sourcePath(String kiePath) {
        String p = kiePath.startsWith(KFS_ROOT) ? kiePath.substring(KFS_ROOT.length()) : kiePath;
        return p.startsWith("rules/") ? p.substring("rules/".length()) : p;
    }
}
