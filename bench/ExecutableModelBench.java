package kcbx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.decision.DecisionBench;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Issue 18's candidate for the in-process gap: helan's rules through Drools' executable model
 * against the same rules as DRL (the service's build) and the floor, one JVM, the pipeline of
 * InProcessBenchmark. Not part of the build: it needs drools-model-codegen, which the service does
 * not depend on.
 *
 * <pre>
 * ./mvnw -B test-compile dependency:get -Dartifact=org.drools:drools-model-codegen:10.2.0
 * ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt
 * M=~/.m2/repository/org/drools; V=10.2.0
 * CP="target/test-classes:target/classes:$(cat target/bench/classpath.txt)"
 * for a in drools-model-codegen drools-model-compiler drools-canonical-model drools-model-prototype \
 *          drools-codegen-common drools-mvel-compiler drools-mvel-parser; do CP="$CP:$M/$a/$V/$a-$V.jar"; done
 * javac -d target/bench/em -cp "$CP" bench/ExecutableModelBench.java
 * java -Xmx512m -XX:+UseParallelGC -cp "target/bench/em:$CP" kcbx.bench.ExecutableModelBench 2
 * </pre>
 *
 * The rules pass the firing's context to the rule helpers as {@code drools} (a RuleContext in
 * DRL); the executable model's {@code drools} is another type, so here it is handed over as
 * {@code ((DroolsImpl) drools).asKnowledgeHelper()}, textually, for the measurement only.
 */
public class ExecutableModelBench {
    private static final int WARM_UP = 60_000;
    private static final int MEASURED = 50_000;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        RulesetSource source = RulesetSource.fromDirectory(Path.of("rules"));
        long start = System.nanoTime();
        CompiledRuleset rules = new RulesetCompiler().compile(source);
        System.out.printf("DRL compile, six profiles (the service's build): %.1f s%n", (System.nanoTime() - start) / 1e9);
        Map<String, byte[]> noRules = new TreeMap<>(source.files());
        noRules.keySet().removeIf(path -> path.endsWith(".drl") || path.endsWith(".csv"));
        CompiledRuleset empty = new RulesetCompiler().compile(new RulesetSource(noRules));
        ProfileRules drl = rules.profile("helan").orElseThrow();
        start = System.nanoTime();
        ProfileRules exec = executableModel(source, drl);
        System.out.printf("executable model compile, helan (baseline and helan files): %.1f s%n", (System.nanoTime() - start) / 1e9);
        DecisionRequest request = InProcessBenchmark.fullTerm();
        for (int r = 1; r <= rounds; r++) {
            double d = measure("helan DRL", request, rules.version(), drl);
            double e = measure("helan executable model", request, rules.version(), exec);
            double f = measure("floor", request, empty.version(), empty.profile("helan").orElseThrow());
            System.out.printf("round %d: ratio to the floor: DRL %.2fx, executable model %.2fx%n", r, f / d, f / e);
        }
        Decision a = DecisionBench.evaluate(request, rules.version(), drl);
        Decision b = DecisionBench.evaluate(request, rules.version(), exec);
        System.out.println("same flags and actions: " + (String.valueOf(a.getFlags()) + a.getActions())
                .equals(String.valueOf(b.getFlags()) + b.getActions()) + " (" + a.getFlags().size() + " flags)");
    }

    /** helan's DRL (baseline's and its own) through the executable model, with the DRL build's parameters and calendar. */
    private static ProfileRules executableModel(RulesetSource source, ProfileRules drl) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId id = ks.newReleaseId("kcbx", "exec-helan", "1");
        kfs.generateAndWritePomXML(id);
        for (String p : source.files().keySet()) {
            if (p.endsWith(".drl") && (p.startsWith("baseline/") || p.startsWith("helan/"))) {
                kfs.write("src/main/resources/kcbx/rules/" + p.replace('/', '_'), source.text(p)
                        .replaceAll("(?<![.\\w])drools(?=\\s*,)", "((org.drools.modelcompiler.consequence.DroolsImpl) drools).asKnowledgeHelper()"));
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.toString());
        }
        KieBase base = ks.newKieContainer(id).getKieBase();
        return new ProfileRules(drl.definition(), base, base.newKieSessionsPool(4), drl.parameters(), drl.calendar(),
                drl.riskTable(), drl.riskTableGlobal(), drl.ruleLocations());
    }

    private static double measure(String label, DecisionRequest request, String version, ProfileRules profile) {
        for (int i = 0; i < WARM_UP; i++) {
            DecisionBench.evaluate(request, version, profile);
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            DecisionBench.evaluate(request, version, profile);
        }
        double perSecond = MEASURED / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%s: %.0f decisions/s [load %s]%n", label, perSecond, load());
        return perSecond;
    }

    private static String load() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
