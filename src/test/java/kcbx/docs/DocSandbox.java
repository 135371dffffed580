package kcbx.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A fresh copy of the repository's {@code rules/} and {@code test-fixtures/} in a temporary
 * folder, a service started there on the embedded database (as {@code ./mvnw mn:run} starts it on
 * a fresh clone: its first start writes {@code data/dev-credential.txt}), and a bash that runs the
 * documents' examples there. The text runs as written but for three things, each visible here:
 * {@code localhost:8080} is the port this run's service listens on; {@code java -jar
 * target/kcbx-decision-*.jar} and {@code java -cp target/kcbx-decision-*.jar} run the same classes
 * from the test's class path (the jar is built after the tests); the example MariaDB database
 * {@code kcbx_county} is a database of this run's own. Every curl call's HTTP status is recorded.
 */
final class DocSandbox implements AutoCloseable {

    private static final Pattern STATUS = Pattern.compile("^KCBX_DOC_STATUS=(\\d{3})$", Pattern.MULTILINE);
    private static final String JAR = "target/kcbx-decision-0.1.0-SNAPSHOT.jar";

    private final Path work;
    private final String database;
    private final String classpath = System.getProperty("java.class.path");
    private final int mainPort;
    private Process main;
    private int port;
    private final List<Process> served = new ArrayList<>();
    private int runs;

    private DocSandbox(Path work, int port) {
        this.work = work;
        this.mainPort = port;
        this.port = port;
        this.database = "kcbx_docs_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    }

    static DocSandbox start(Path root) throws IOException {
        Path work = Files.createTempDirectory("kcbx-docs-");
        copy(root.resolve("rules"), work.resolve("rules"));
        copy(root.resolve("test-fixtures"), work.resolve("test-fixtures"));
        DocSandbox sandbox = new DocSandbox(work, freePort());
        sandbox.main = sandbox.launch(List.of("java", "-Xmx512m", "-XX:+UseParallelGC", "-cp", sandbox.classpath,
                "kcbx.Application"), Map.of("KCBX_PORT", String.valueOf(sandbox.mainPort)), "service");
        return sandbox;
    }

    /** Runs one example and checks what its directive promises. */
    void run(DocExample example) throws Exception {
        if (example.stopped()) {
            stopMain();
        }
        try {
            if (example.serves()) {
                serve(example);
            } else {
                execute(example);
            }
        } finally {
            if (example.stopped()) {
                main = launch(List.of("java", "-Xmx512m", "-XX:+UseParallelGC", "-cp", classpath, "kcbx.Application"),
                        Map.of("KCBX_PORT", String.valueOf(mainPort)), "service");
            }
        }
    }

    /** A document is done: what it started stops, and the next one starts from a fresh shell. */
    void endDocument(String document) throws IOException {
        for (Process p : served) {
            stop(p);
        }
        served.clear();
        port = mainPort;
        Files.deleteIfExists(work.resolve(".doc-state"));
        dropDatabases();
    }

    private void execute(DocExample example) throws Exception {
        int n = ++runs;
        Path out = work.resolve(".out-" + n);
        Path err = work.resolve(".err-" + n);
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", script(example))
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        environment(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(example.where() + ": still running after 10 minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String shown = example.where() + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        assertEquals(example.expectedExit(), p.exitValue(), "exit status of " + shown);
        List<Integer> statuses = new ArrayList<>();
        Matcher m = STATUS.matcher(stderr);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        if (!example.statuses().isEmpty()) {
            assertEquals(example.statuses(), statuses, "HTTP statuses of " + shown);
        }
        for (String text : example.stdout()) {
            assertTrue(stdout.contains(text), "output should contain \"" + text + "\": " + shown);
        }
        for (String name : example.files()) {
            Path f = work.resolve(name);
            assertTrue(Files.isRegularFile(f) && Files.size(f) > 0, name + " should have been written by " + shown);
            byte[] head = Files.readAllBytes(f);
            if (name.endsWith(".xlsx")) {
                assertTrue(head.length > 4 && head[0] == 'P' && head[1] == 'K', name + " is not an XLSX (zip) file");
            }
            if (name.endsWith(".csv")) {
                assertTrue(head.length > 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB,
                        name + " should start with a UTF-8 byte order mark");
            }
        }
    }

    private void serve(DocExample example) throws IOException {
        int p = freePort();
        Process process = launch(List.of("bash", "--noprofile", "--norc", "-c", script(example)),
                Map.of("KCBX_PORT", String.valueOf(p)), "served-" + (++runs));
        served.add(process);
        port = p;
    }

    /** The example's text with this run's port and database, between a prelude and a state save. */
    private String script(DocExample example) {
        String code = example.code()
                .replace("localhost:8080", "localhost:" + port)
                .replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("kcbx_county", database);
        return String.join("\n",
                "set -a",
                "[ -f .doc-state ] && . ./.doc-state",
                // the jar is built after the tests: the same classes from the test's class path
                "java() { local a=(); while [ $# -gt 0 ]; do case \"$1\" in",
                "  -jar) shift; a+=(-cp \"$KCBX_DOC_CLASSPATH\" kcbx.Application);;",
                "  -cp|-classpath) if [[ \"$2\" == *kcbx-decision-*.jar ]]; then shift; a+=(-cp \"$KCBX_DOC_CLASSPATH\"); else a+=(\"$1\"); fi;;",
                "  *) a+=(\"$1\");; esac; shift; done; command java \"${a[@]}\"; }",
                "curl() { command curl -w '%{stderr}\\nKCBX_DOC_STATUS=%{http_code}\\n' \"$@\"; }",
                "set -e -o pipefail",
                code,
                "set +e; export -p | grep -v -E '^declare -x (BASH|SHLVL|PWD|OLDPWD|_)=' > .doc-state",
                "");
    }

    private void environment(Map<String, String> env) throws IOException {
        env.put("KCBX_DOC_CLASSPATH", classpath);
        Path credential = work.resolve("data/dev-credential.txt");
        if (Files.exists(credential)) {
            env.put("TOKEN", Files.readString(credential).trim());
        }
        env.remove("KCBX_PORT");
        env.remove("KCBX_TOKEN");
    }

    private Process launch(List<String> command, Map<String, String> extraEnv, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        environment(pb.environment());
        pb.environment().putAll(extraEnv);
        Process process = pb.start();
        Path log = work.resolve(".log-" + name);
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    w.println(line);
                    if (line.contains("Startup completed")) {
                        started.complete(true);
                    }
                }
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
            started.complete(false);
        }, "doc-" + name);
        reader.setDaemon(true);
        reader.start();
        boolean up;
        try {
            up = started.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not start: " + e, e);
        }
        if (!up) {
            throw new IllegalStateException(name + " stopped before it was up:\n" + tail(Files.readString(log)));
        }
        return process;
    }

    private void stopMain() {
        stop(main);
    }

    /** Stops a process and what it started (a served example's bash runs the service as its child). */
    private static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        p.destroy();
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                c.destroyForcibly();
            }
        }
        waitFor(p);
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropDatabases() {
        for (String db : List.of(database, database + "_restored")) {
            try {
                new ProcessBuilder("mysql", "--protocol=tcp", "-h127.0.0.1", "-P3306", "-uroot", "-e",
                        "DROP DATABASE IF EXISTS " + db).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no MariaDB client here: no document used one either
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        for (Process p : served) {
            stop(p);
        }
        if (main != null) {
            stopMain();
        }
        dropDatabases();
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
    }
}
