package kcbx.publishing;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kcbx.engine.ClauseRegister;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetException;
import kcbx.engine.RulesetSource;

/**
 * What policy staff run on their rules folder before anything goes live:
 * <pre>
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli validate rules/
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli test rules/ [--scenarios test-fixtures/scenarios]
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli clauses rules/ [--fixtures test-fixtures] [--profile helan]
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli impact rules/ --from 2025-09-01T00:00:00+08:00 --to ... [--server URL]
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli publish rules/ --by 王芳 --reason "..." [--scenarios DIR] [--server URL]
 * java -cp kcbx-decision.jar kcbx.publishing.RulesCli rollback VERSION --by 王芳 --reason "..." [--server URL]
 * </pre>
 * validate, test and clauses work offline on the folder; impact, publish and rollback ask the service.
 * Exit code 0 when all is well, 1 when there are problems or failures, 2 on a usage error.
 */
public final class RulesCli {
    private final PrintStream out;
    private final JsonMapper json = JsonMapper.createDefault();

    RulesCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("kcbx.log.engine", "ERROR"); // read by logback.xml: Drools' build chatter is not for policy staff
        System.exit(new RulesCli(System.out).run(args));
    }

    int run(String[] args) {
        if (args.length < 2) {
            return usage();
        }
        try {
            Map<String, String> opts = options(args);
            return switch (args[0]) {
                case "validate" -> validate(Path.of(args[1]));
                case "test" -> test(Path.of(args[1]), Path.of(opts.getOrDefault("scenarios", "test-fixtures/scenarios")));
                case "clauses" -> clauses(Path.of(args[1]), Path.of(opts.getOrDefault("fixtures", "test-fixtures")),
                        opts.get("profile"));
                case "impact" -> impact(Path.of(args[1]), opts);
                case "publish" -> publish(Path.of(args[1]), null, opts);
                case "rollback" -> publish(null, args[1], opts);
                default -> usage();
            };
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        } catch (IOException | InterruptedException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int validate(Path folder) {
        return compile(folder) == null ? 1 : 0;
    }

    private CompiledRuleset compile(Path folder) {
        try {
            RulesetSource source = RulesetSource.fromDirectory(folder.toAbsolutePath().normalize());
            CompiledRuleset compiled = new RulesetCompiler().compile(source);
            out.println("OK " + source.files().size() + " files, profiles " + compiled.profiles().keySet());
            out.println("version " + compiled.version());
            return compiled;
        } catch (RulesetException e) {
            e.problems().forEach(p -> out.println(p.file() + ":" + p.line() + ":" + p.column() + ": " + p.message()));
            out.println(e.problems().size() + " problem(s); nothing was compiled.");
            return null;
        }
    }

    private int test(Path folder, Path scenarios) throws IOException {
        CompiledRuleset compiled = compile(folder);
        if (compiled == null) {
            return 1;
        }
        ScenarioRunner.Report report = new ScenarioRunner(json).run(compiled, scenarios);
        for (ScenarioRunner.Outcome o : report.outcomes()) {
            if (o.passed()) {
                out.println("PASS " + o.file());
            } else {
                out.println("FAIL " + o.file() + (o.description() == null ? "" : " (" + o.description() + ")"));
                o.failures().forEach(f -> out.println("     " + f));
            }
        }
        report.unfiredRules().forEach(r -> out.println("NOT FIRED by any scenario: " + r));
        out.println(report.passed() + " passed, " + report.failed() + " failed, " + report.unfiredRules().size()
                + " rule(s) fired by no scenario");
        return report.failed() == 0 ? 0 : 1;
    }

    /** The clause register's coverage per profile (rules/README.md, "条款登记表"). */
    private int clauses(Path folder, Path fixtures, String only) throws IOException {
        CompiledRuleset compiled = compile(folder);
        if (compiled == null) {
            return 1;
        }
        if (only != null && compiled.profile(only).isEmpty()) {
            throw new IllegalArgumentException("--profile " + only + " is not a profile of " + compiled.profiles().keySet());
        }
        ExercisedRules.Result exercised = ExercisedRules.collect(compiled, fixtures, json);
        if (!exercised.fixturesFound()) {
            out.println("no scenario files under " + fixtures + ": nothing counts as exercised");
        }
        for (String id : compiled.profiles().keySet()) {
            if (only != null && !only.equals(id)) {
                continue;
            }
            ClauseCoverage.Report r = ClauseCoverage.of(compiled, id, exercised.rules());
            out.println(id + ": " + r.rows().size() + " clauses, " + r.encoded() + " encoded ("
                    + r.count(ClauseCoverage.Status.EXERCISED) + " exercised by a scenario), "
                    + r.count(ClauseCoverage.Status.NOT_ENCODED) + " deliberately not encoded, "
                    + r.count(ClauseCoverage.Status.PENDING) + " pending");
            for (ClauseCoverage.Row row : r.rows()) {
                if (row.status() == ClauseCoverage.Status.ENCODED || row.status() == ClauseCoverage.Status.PENDING) {
                    ClauseRegister.Clause c = row.clause();
                    out.println("  " + (row.status() == ClauseCoverage.Status.ENCODED ? "NOT EXERCISED " : "PENDING ")
                            + c.key() + " " + c.text() + " [" + c.file() + ":" + c.line() + "]"
                            + (c.rules().isEmpty() ? "" : " " + c.rules()));
                }
            }
        }
        return 0;
    }

    private int impact(Path folder, Map<String, String> opts) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", require(opts, "from"));
        body.put("to", require(opts, "to"));
        if (opts.containsKey("limit")) {
            body.put("limit", Integer.parseInt(opts.get("limit")));
        }
        body.put("files", files(folder));
        return post(opts, "/v1/rulesets/impact", body);
    }

    private int publish(Path folder, String version, Map<String, String> opts) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (version != null) {
            body.put("rulesetVersion", version);
        } else {
            body.put("files", files(folder));
            List<Map<String, String>> scenarios = new ArrayList<>();
            ScenarioRunner.read(Path.of(opts.getOrDefault("scenarios", "test-fixtures/scenarios")))
                    .forEach((path, text) -> scenarios.add(Map.of("path", path, "content", text)));
            body.put("scenarios", scenarios);
        }
        body.put("publishedBy", require(opts, "by"));
        body.put("reason", require(opts, "reason"));
        return post(opts, "/v1/rulesets", body);
    }

    private List<Map<String, String>> files(Path folder) {
        List<Map<String, String>> files = new ArrayList<>();
        RulesetSource.fromDirectory(folder.toAbsolutePath().normalize()).files().forEach((path, content) ->
                files.add(Map.of("path", path, "content", new String(content, StandardCharsets.UTF_8))));
        return files;
    }

    private int post(Map<String, String> opts, String path, Object body) throws IOException, InterruptedException {
        String server = opts.getOrDefault("server", "http://localhost:8080");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private int usage() {
        out.println("usage: RulesCli validate <rules-folder>");
        out.println("       RulesCli test <rules-folder> [--scenarios test-fixtures/scenarios]");
        out.println("       RulesCli clauses <rules-folder> [--fixtures test-fixtures] [--profile ID]");
        out.println("       RulesCli impact <rules-folder> --from <date-time> --to <date-time> [--limit N] [--server URL]");
        out.println("       RulesCli publish <rules-folder> --by <who> --reason <why> [--scenarios DIR] [--server URL]");
        out.println("       RulesCli rollback <version> --by <who> --reason <why> [--server URL]");
        return 2;
    }
}
