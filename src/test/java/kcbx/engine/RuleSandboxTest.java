package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import kcbx.ruleset.SandboxProbe;

/**
 * Every way out of the allowlist a policy editor might try, each added to the shipped rules as
 * baseline/zz-escape.drl: the compile refuses it naming the file, the line and what it called,
 * and nothing of it ran (the probe counter is zero, no file was written, the JVM is still here).
 */
public class RuleSandboxTest {
    static final String FILE = "baseline/zz-escape.drl";
    /** A file an escaping rule would write; it never exists. */
    static final Path WITNESS = Path.of(System.getProperty("java.io.tmpdir"), "kcbx-sandbox-witness-"
            + ProcessHandle.current().pid());

    /** One attempt: the DRL, the text the problem must name, and a piece of the line it must point at. */
    public record Escape(String name, String drl, String forbidden, String lineMarker) {
        int line() {
            String[] lines = drl.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(lineMarker)) {
                    return i + 1;
                }
            }
            throw new IllegalStateException("no line with " + lineMarker + " in " + name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String HEADER = "package kcbx.rules\n\nimport kcbx.facts.*\n\n";

    static String rule(String when, String then) {
        return HEADER + "rule \"Escape\" @id(\"escape.x\") @cite(\"helan 一(四)\")\nwhen\n    " + when + "\nthen\n    " + then
                + "\nend\n";
    }

    static Escape consequence(String name, String then, String forbidden) {
        return new Escape(name, rule("StudentFact()", then), forbidden, then.lines().findFirst().orElseThrow());
    }

    static Escape condition(String name, String when, String forbidden) {
        return new Escape(name, rule(when, "insertLogical(LedgerEntry.of(drools, \"ENROLLED_ROSTER\"));"), forbidden,
                when.lines().findFirst().orElseThrow());
    }

    public static Stream<Escape> escapes() {
        String w = WITNESS.toString();
        return Stream.of(
                consequence("System.exit", "System.exit(3);", "System.exit"),
                consequence("fully qualified System.exit", "java.lang.System.exit(3);", "java.lang.System.exit"),
                consequence("unicode-escaped System.exit", "\\u0053ystem.exit(3);", "System.exit"),
                consequence("Runtime.exec", "Runtime.getRuntime().exec(new String[] {\"touch\", \"" + w + "\"});",
                        "Runtime.getRuntime"),
                consequence("ProcessBuilder", "new ProcessBuilder(\"touch\", \"" + w + "\").start();", "ProcessBuilder"),
                consequence("file write with java.nio", "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + w
                        + "\"), \"x\");", "java.nio.file.Files.writeString"),
                consequence("file read with java.io", "String secret = new java.io.BufferedReader("
                        + "new java.io.FileReader(\"/etc/passwd\")).readLine();", "java.io.BufferedReader"),
                consequence("System.getenv of the datasource", "String url = System.getenv(\"DATASOURCES_DEFAULT_URL\");",
                        "System.getenv"),
                consequence("System.getenv of a name built at run time",
                        "String url = System.getenv(\"datasources_default_url\".toUpperCase());", "System.getenv"),
                consequence("JDBC DriverManager", "java.sql.DriverManager.getConnection(\"jdbc:h2:mem:escape\")"
                        + ".createStatement().execute(\"select 1\");", "java.sql.DriverManager.getConnection"),
                consequence("LocalDate.now", "java.time.LocalDate today = java.time.LocalDate.now();", "LocalDate.now"),
                consequence("Math.random", "double r = Math.random();", "Math.random"),
                consequence("Thread", "new Thread(() -> kcbx.ruleset.SandboxProbe.hit()).start();", "Thread"),
                consequence("Class.forName", "Class.forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null);",
                        "Class.forName"),
                consequence("getClass().getMethod", "\"x\".getClass().getMethod(\"length\").invoke(\"x\");", "getClass"),
                consequence("an enum's declaring class", "RegistryStatus.ENROLLED.getDeclaringClass().getClassLoader();",
                        "getDeclaringClass"),
                consequence("ClassLoader", "ClassLoader.getSystemClassLoader().loadClass(\"java.lang.Runtime\");",
                        "ClassLoader.getSystemClassLoader"),
                consequence("a socket", "new java.net.Socket(\"127.0.0.1\", 3306);", "java.net.Socket"),
                consequence("static field System.out", "System.out.println(\"escape\");", "System.out"),
                consequence("a class outside the allowlist", "kcbx.ruleset.SandboxProbe.touch(\"" + w + "\");",
                        "kcbx.ruleset.SandboxProbe.touch"),
                consequence("a lambda calling out", "java.util.Optional.of(1).ifPresent(x -> System.exit(3));",
                        "System.exit"),
                consequence("an anonymous class", "Object o = new Object() { public String toString() {"
                        + " System.exit(3); return \"\"; } };", "anonymous class"),
                consequence("drools' runtime", "drools.getKieRuntime().halt();", "drools"),
                consequence("kcontext", "kcontext.getKieRuntime().halt();", "kcontext"),
                condition("System.exit in a constraint (MVEL)", "StudentFact(System.exit(0) == null)", "System.exit"),
                condition("System.getenv in a constraint (MVEL)",
                        "StudentFact(System.getenv(\"DATASOURCES_DEFAULT_URL\") != null)", "System.getenv"),
                condition("LocalDate.now in a constraint", "EvaluationContext(asOf == java.time.LocalDate.now())",
                        "LocalDate.now"),
                condition("a probe call in a constraint", "StudentFact(kcbx.ruleset.SandboxProbe.hit())",
                        "kcbx.ruleset.SandboxProbe.hit"),
                condition("a positional constraint", "StudentFact(kcbx.ruleset.SandboxProbe.hit();)",
                        "kcbx.ruleset.SandboxProbe.hit"),
                condition("this.getClass() in a constraint", "StudentFact(this.getClass() != null)", "getClass"),
                condition("inside not", "not StudentFact(System.getenv(\"HOME\") != null)", "System.getenv"),
                condition("inside exists and or", "exists (StudentFact() or AbsenceStreak(System.nanoTime() > 0))",
                        "System.nanoTime"),
                condition("inside forall", "forall(StudentFact(kcbx.ruleset.SandboxProbe.hit()))",
                        "kcbx.ruleset.SandboxProbe.hit"),
                condition("from collect", "$l : java.util.List() from collect(StudentFact(System.exit(0) == null))",
                        "System.exit"),
                condition("a binding", "StudentFact($env : System.getenv())", "System.getenv"),
                new Escape("a named consequence", HEADER + "rule \"Escape\" @id(\"escape.x\") @cite(\"helan 一(四)\")\n"
                        + "when\n    $s : StudentFact()\n    if (true) do[other]\nthen\nthen[other]\n"
                        + "    System.exit(3);\nend\n", "System.exit", "    System.exit(3);"),
                condition("eval", "eval(kcbx.ruleset.SandboxProbe.touch(\"" + w + "\") != null)",
                        "kcbx.ruleset.SandboxProbe.touch"),
                condition("from System.getenv", "$s : String() from System.getenv(\"DATASOURCES_DEFAULT_URL\")",
                        "System.getenv"),
                condition("from a new object", "$s : Object() from new java.io.File(\"" + w + "\").createNewFile()",
                        "java.io.File"),
                condition("accumulate with code of its own", "$n : Number() from accumulate(StudentFact(),"
                        + " init(int c = 0; System.exit(3);), action(c++;), result(c))", "accumulate with init"),
                condition("accumulate with an outside call as argument",
                        "accumulate(StudentFact(); $n : count(kcbx.ruleset.SandboxProbe.hit()))",
                        "kcbx.ruleset.SandboxProbe.hit"),
                condition("an accumulate function that is not built in", "accumulate(StudentFact(); $n : escapeSum(1))",
                        "escapeSum"),
                new Escape("MVEL dialect", HEADER + "rule \"Escape\" @id(\"escape.x\") @cite(\"helan 一(四)\")\n"
                        + "    dialect \"mvel\"\nwhen\n    StudentFact()\nthen\n    insert(\"x\");\nend\n",
                        "the dialect mvel", "dialect \"mvel\""),
                new Escape("a function declared in DRL", HEADER + "function boolean escape() {\n    System.exit(3);\n"
                        + "    return true;\n}\n", "the function declaration escape", "function boolean escape"),
                new Escape("a query", HEADER + "query \"escape\"\n    StudentFact(kcbx.ruleset.SandboxProbe.hit())\nend\n",
                        "kcbx.ruleset.SandboxProbe.hit", "StudentFact(kcbx"),
                new Escape("an import of a forbidden class", HEADER + "import java.io.File\n", "the import java.io.File",
                        "import java.io.File"),
                new Escape("a global of a forbidden type", HEADER + "global java.lang.Runtime runtime\n",
                        "the global runtime of type java.lang.Runtime", "global java.lang.Runtime"),
                new Escape("a type declaration", HEADER + "declare Escape\n    file : String\nend\n",
                        "the type declaration Escape", "declare Escape"),
                new Escape("metadata computed by MVEL", HEADER + "rule \"Escape\" @id(kcbx.ruleset.SandboxProbe.hit())"
                        + " @cite(\"helan 一(四)\")\nwhen\n    StudentFact()\nthen\nend\n", "the metadata value @id",
                        "rule \"Escape\""),
                new Escape("a computed salience", HEADER + "rule \"Escape\" @id(\"escape.x\") @cite(\"helan 一(四)\")\n"
                        + "    salience (kcbx.ruleset.SandboxProbe.count())\nwhen\n    StudentFact()\nthen\nend\n",
                        "a computed salience", "salience"),
                new Escape("a timer", HEADER + "rule \"Escape\" @id(\"escape.x\") @cite(\"helan 一(四)\")\n"
                        + "    timer (int: 1s)\nwhen\n    StudentFact()\nthen\nend\n", "the attribute timer", "timer"));
    }

    public static Map<String, byte[]> withEscape(Escape e) {
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put(FILE, e.drl().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The problem of the escape file that names what it called, on the line it called it. */
    public static void assertNamed(Escape e, String file, int line, String message) {
        assertEquals(FILE, file, e + ": " + message);
        assertEquals(e.line(), line, e + ": " + message);
        assertTrue(message.contains(e.forbidden()), e + ": " + message);
    }

    public static void assertNothingRan() {
        assertEquals(0, SandboxProbe.count(), "a refused rule ran");
        assertFalse(Files.exists(WITNESS), "a refused rule wrote " + WITNESS);
        assertTrue(ProcessHandle.current().isAlive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void eachEscapeIsRefusedByTheCompileNamingFileLineAndCallAndNothingRuns(Escape e) {
        RulesetException ex = assertThrows(RulesetException.class,
                () -> new RulesetCompiler().compile(new RulesetSource(withEscape(e))), e.name());
        List<RulesetProblem> mine = ex.problems().stream().filter(p -> p.file().equals(FILE)).toList();
        assertFalse(mine.isEmpty(), ex.getMessage());
        RulesetProblem p = mine.stream().filter(x -> x.message().contains(e.forbidden())).findFirst()
                .orElse(mine.get(0));
        assertNamed(e, p.file(), p.line(), p.message());
        assertTrue(ex.problems().stream().allMatch(x -> x.file().equals(FILE)),
                "only the escape is refused, the shipped rules are not: " + ex.getMessage());
        assertNothingRan();
    }

    @Test
    void whatTheAllowlistAllowsCompiles() throws IOException {
        String allowed = HEADER + "import java.time.LocalDate\nimport java.util.List\n\n"
                + "rule \"Allowed\" @id(\"allowed.x\") @cite(\"helan 一(四)\")\n"
                + "when\n"
                + "    $ctx : EvaluationContext(asOf.getYear() >= Math.max(2000, Integer.parseInt(\"1999\")))\n"
                + "    $p : Parameters()\n"
                + "    $s : AbsenceStreak(length >= $p.intValue(\"attendance.suspectedDropoutDays\"))\n"
                + "    accumulate(InterventionFact($d : date, date >= $s.start); $dates : collectList($d),"
                + " $n : count($d), $first : min($d))\n"
                + "    eval($ctx.getAsOf().isAfter(LocalDate.of(2000, 1, 1)))\n"
                + "then\n"
                + "    List<String> codes = List.of(\"A\", \"B\");\n"
                + "    long later = $s.getDates().stream().filter(d -> d.isAfter($s.getStart())).count();\n"
                + "    String text = String.format(\"%d/%d\", later, $n) + codes.size() + \"x\".toUpperCase().trim()\n"
                + "        + java.util.Collections.unmodifiableList($dates).size() + LocalDate.of(2025, 9, 1).plusDays(3);\n"
                + "    for (Object o : $dates) {\n"
                + "        LocalDate d = (LocalDate) o;\n"
                + "        if (d.isBefore($ctx.getAsOf())) {\n"
                + "            text = text + d.getDayOfWeek();\n"
                + "        }\n"
                + "    }\n"
                + "    insertLogical(LedgerEntry.of(drools, \"ENROLLED_ROSTER\"));\n"
                + "end\n";
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("baseline/zz-allowed.drl", allowed.getBytes(StandardCharsets.UTF_8));
        assertTrue(RuleSandbox.check("baseline/zz-allowed.drl", allowed).isEmpty(),
                RuleSandbox.check("baseline/zz-allowed.drl", allowed).toString());
        CompiledRuleset rs = new RulesetCompiler().compile(new RulesetSource(files));
        assertTrue(rs.profile("helan").isPresent());
    }

    @Test
    void everyShippedRuleFilePassesTheAllowlist() throws IOException {
        Map<String, byte[]> files = RulesetSource.fromDirectory(Path.of("rules")).files();
        int checked = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().endsWith(".drl")) {
                assertEquals(List.of(), RuleSandbox.check(f.getKey(), new String(f.getValue(), StandardCharsets.UTF_8)));
                checked++;
            }
        }
        assertTrue(checked > 10, "the shipped DRL files were found: " + checked);
    }
}
