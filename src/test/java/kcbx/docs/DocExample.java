package kcbx.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shell block of a document ({@code ```bash}, {@code ```sh} or {@code ```shell}) and the
 * {@code <!-- example: ... -->} line right above it, which says what running it must show:
 *
 * <pre>
 * &lt;!-- example: status 200; stdout "SUSPECTED_DROPOUT"; stdout "helan 一(四)" --&gt;
 * </pre>
 *
 * Clauses, separated by {@code ;}:
 * <ul>
 *   <li>{@code status 200 404}: the HTTP statuses of the block's curl calls, in order;</li>
 *   <li>{@code stdout "text"}: the output contains the text (any number of these);</li>
 *   <li>{@code exit 1}: the block's exit status (0 when not given; {@code exit 0} alone promises that it runs cleanly);</li>
 *   <li>{@code file name}: the block wrote this file, not empty ({@code .xlsx} must be a zip,
 *       {@code .csv} UTF-8 with a byte order mark);</li>
 *   <li>{@code stopped}: the block needs the service stopped (the embedded H2 database allows
 *       one process); it is stopped before and started again after;</li>
 *   <li>{@code serves}: the block starts a service in the foreground; it runs in the background
 *       until its /health answers, and is the service the rest of the document talks to;</li>
 *   <li>{@code skip reason}: not run, only for commands that build or test this repository
 *       ({@code ./mvnw}, {@code .ci/run}) or run the benchmarks ({@code ./bench/run.sh}), which
 *       CI runs itself.</li>
 * </ul>
 */
record DocExample(String document, int line, String code, String directive,
                  List<Integer> statuses, List<String> stdout, int exit, List<String> files,
                  boolean stopped, boolean serves, String skip) {

    private static final Pattern FENCE = Pattern.compile("^```(bash|sh|shell)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^<!--\\s*example:(.*)-->\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** What a skipped block may contain: the repository's own build, CI and benchmark commands. */
    private static final Pattern SKIPPABLE = Pattern.compile(
            "^\\s*(#.*|\\./mvnw .*|\\.ci/run.*|\\./bench/[a-z]+\\.sh.*|[A-Z_]+=\\S+ .*\\./(mvnw|bench/[a-z]+\\.sh).*|\\s*)$");

    static List<DocExample> parse(Path root, String document) throws IOException {
        Path file = root.resolve(document);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<DocExample> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!FENCE.matcher(lines.get(i)).matches()) {
                continue;
            }
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i = i + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            String directive = null;
            for (int j = start - 1; j >= 0 && j >= start - 2; j--) {
                Matcher m = DIRECTIVE.matcher(lines.get(j).trim());
                if (m.matches()) {
                    directive = m.group(1).trim();
                    break;
                }
                if (!lines.get(j).isBlank()) {
                    break;
                }
            }
            examples.add(of(document, start + 1, code.toString(), directive));
        }
        return examples;
    }

    private static DocExample of(String document, int line, String code, String directive) {
        List<Integer> statuses = new ArrayList<>();
        List<String> stdout = new ArrayList<>();
        List<String> files = new ArrayList<>();
        int exit = -1;
        boolean stopped = false;
        boolean serves = false;
        String skip = null;
        if (directive != null) {
            for (String clause : directive.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                String c = clause.trim();
                if (c.isEmpty()) {
                    continue;
                }
                String word = c.split("\\s+", 2)[0];
                String rest = c.substring(word.length()).trim();
                switch (word) {
                    case "status" -> {
                        for (String s : rest.split("\\s+")) {
                            statuses.add(Integer.parseInt(s));
                        }
                    }
                    case "stdout" -> {
                        Matcher m = QUOTED.matcher(rest);
                        while (m.find()) {
                            stdout.add(m.group(1).replace("\\\"", "\""));
                        }
                    }
                    case "exit" -> exit = Integer.parseInt(rest);
                    case "file" -> files.add(rest);
                    case "stopped" -> stopped = true;
                    case "serves" -> serves = true;
                    case "skip" -> skip = rest.isEmpty() ? "(no reason)" : rest;
                    default -> stdout.add("\u0000unknown clause: " + c);
                }
            }
        }
        return new DocExample(document, line, code, directive, statuses, stdout, exit, files, stopped, serves, skip);
    }

    /** The exit status the block must end with. */
    int expectedExit() {
        return Math.max(exit, 0);
    }

    String where() {
        return document + ":" + line;
    }

    /** What is wrong with the block's directive; empty when it can run (or may be skipped). */
    List<String> directiveProblems() {
        List<String> problems = new ArrayList<>();
        if (directive == null) {
            problems.add(where() + ": a shell example without an <!-- example: ... --> line above it");
            return problems;
        }
        for (String s : stdout) {
            if (s.startsWith("\u0000")) {
                problems.add(where() + ": " + s.substring(1));
            }
        }
        if (skip != null) {
            for (String l : code.replace("\\\n", " ").split("\n")) {
                if (!SKIPPABLE.matcher(l).matches()) {
                    problems.add(where() + ": only the build, CI and benchmark commands may be skipped, not: " + l);
                }
            }
        } else if (statuses.isEmpty() && stdout.isEmpty() && files.isEmpty() && !serves && exit < 0) {
            problems.add(where() + ": the example promises nothing to check (status, stdout, file, exit or serves)");
        }
        return problems;
    }
}
