package kcbx.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import kcbx.security.SchoolScope;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The console's journeys (issue 21) in a real browser: Debian's headless Chromium driven by
 * playwright-core runs src/test/console/journeys.mjs against this service, started on a fresh
 * database of its own (an H2 database no other test uses), with a credential per role. The script
 * checks what each page shows against what the API answers (ledger rows, overdue actions, flag
 * codes, rule and clause, calendar cells, downloads, validation problems at file and line, the
 * impact charts drawn on their canvases, the published version, diff lines, replay differences,
 * the verify verdict, the export's trailer), that no page asks for anything outside the service,
 * and that a school credential cannot reach another school's children through the console. It
 * writes a screenshot of each page to target/console-screenshots/.
 *
 * Needs node (Debian's nodejs), Debian's chromium, and playwright-core installed from
 * src/test/console/package-lock.json (npm ci; done here when missing). .ci/run installs all three.
 */
@MicronautTest(transactional = false)
@Tag("browser")
@Property(name = "datasources.default.url",
        value = "jdbc:h2:mem:kcbx-console;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
// the service's own scenarios: the folder the two-day candidate passes (the shipped ones refuse it by design)
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios")
class ConsoleBrowserTest {
    private static final Path SCRIPTS = Path.of("src/test/console");
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final List<String> JOURNEYS = List.of("county", "school", "policy", "auditor", "sample");
    private static final List<String> PAGES = List.of("county-signin", "county-home", "county-ledger-township",
            "county-student", "county-calendar", "county-reports", "school-ledger-own-school",
            "school-other-school-refused", "policy-rulesets", "policy-validate-problems", "policy-validate-ok",
            "policy-impact", "policy-published", "policy-diff", "policy-rolled-back", "auditor-search",
            "auditor-replay-what-if", "auditor-verify", "auditor-export", "sample-sample-decision");

    @Inject
    EmbeddedServer server;

    @Inject
    Credentials credentials;

    @Inject
    JsonMapper json;

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void everyJourneyOfTheConsoleWorksInChromiumAndStaysWithinTheService() throws Exception {
        String chromium = System.getenv().getOrDefault("KCBX_CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)), chromium + " is missing: install Debian's chromium"
                + " (apt-get install chromium; .ci/run does) or set KCBX_CHROMIUM");
        installPlaywright();
        deleteOldScreenshots();

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("seed", issue("console: seed", List.of(Role.SCHOOL_SYSTEM, Role.AUDITOR), List.of(SchoolScope.ALL_SCHOOLS)).token());
        tokens.put("county", issue("console: county", List.of(Role.COUNTY_OFFICER), List.of()).token());
        tokens.put("school", issue("console: school-1", List.of(Role.SCHOOL_SYSTEM), List.of("school-1")).token());
        IssuedCredential policy = issue("console: policy", List.of(Role.POLICY_EDITOR), List.of());
        tokens.put("policy", policy.token());
        tokens.put("auditor", issue("console: auditor", List.of(Role.AUDITOR), List.of()).token());
        tokens.put("policyAuditor", issue("console: policy and audit", List.of(Role.POLICY_EDITOR, Role.AUDITOR), List.of()).token());
        String run = UUID.randomUUID().toString().substring(0, 8);

        ProcessBuilder pb = new ProcessBuilder("node", "journeys.mjs").directory(SCRIPTS.toFile()).redirectErrorStream(true);
        pb.environment().put("KCBX_BASE_URL", "http://localhost:" + server.getPort());
        pb.environment().put("KCBX_CONSOLE_TOKENS", json.writeValueAsString(tokens));
        pb.environment().put("KCBX_PROJECT_DIR", Path.of("").toAbsolutePath().toString());
        pb.environment().put("KCBX_CHROMIUM", chromium);
        pb.environment().put("KCBX_RUN_ID", run);
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Process node = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println(line);
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("reading the journeys' output failed: " + e);
            }
        }, "console-journeys-output");
        reader.start();
        if (!node.waitFor(15, TimeUnit.MINUTES)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            fail("the browser journeys did not end within 15 minutes:\n" + String.join("\n", output));
        }
        reader.join(TimeUnit.MINUTES.toMillis(1));
        String all = String.join("\n", output);
        assertEquals(0, node.exitValue(), "the browser journeys failed:\n" + all);
        for (String journey : JOURNEYS) {
            assertTrue(output.stream().anyMatch(l -> l.startsWith("JOURNEY " + journey + " PASS")), journey + " did not pass:\n" + all);
        }
        assertTrue(all.contains("CHECK network no page of the console requested anything outside the service"), all);
        assertTrue(all.contains("CHECK school another school's student is refused"), all);
        assertTrue(output.stream().anyMatch(l -> l.startsWith("ALL JOURNEYS PASSED")), all);
        long checks = output.stream().filter(l -> l.startsWith("CHECK ")).count();
        assertTrue(checks >= 70, "every check ran: " + checks);

        for (int i = 0; i < PAGES.size(); i++) {
            Path shot = SHOTS.resolve(String.format("%02d-%s.png", i + 1, PAGES.get(i)));
            assertTrue(Files.size(shot) > 20_000, shot + " is a screenshot of a page");
        }

        // what the browser did is in the service: the publication and the roll back, by the policy
        // credential, with the reasons typed into the pages
        HttpCalls.Reply rulesets = new HttpCalls(client, json).get("/v1/rulesets");
        assertEquals(200, rulesets.status(), rulesets.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> publications = (List<Map<String, Object>>) rulesets.json().get("publications");
        Map<String, Object> rollback = publications.get(0);
        Map<String, Object> published = publications.get(1);
        assertEquals("撤回两日认定，恢复三日（控制台测试 " + run + "）", rollback.get("reason"));
        assertEquals("贺兰县疑似辍学认定调整为连续两个上学日（控制台测试 " + run + "）", published.get("reason"));
        assertEquals("credential:" + policy.credentialId(), published.get("publishedBy"));
        assertEquals("credential:" + policy.credentialId(), rollback.get("publishedBy"));
        assertEquals(published.get("rulesetVersion"), rollback.get("previousVersion"));
        assertEquals(rulesets.json().get("activeVersion"), rollback.get("rulesetVersion"));
    }

    private IssuedCredential issue(String label, List<Role> roles, List<String> schools) {
        return credentials.issue(label, roles, schools);
    }

    /** playwright-core as pinned by package-lock.json, once (no browser is downloaded: the journeys use Debian's). */
    private static void installPlaywright() throws IOException, InterruptedException {
        if (Files.exists(SCRIPTS.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile())
                .inheritIO().start();
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm ci did not end");
        assertEquals(0, npm.exitValue(), "npm ci in src/test/console failed (node and npm are Debian's nodejs and npm)");
    }

    private static void deleteOldScreenshots() throws IOException {
        if (Files.isDirectory(SHOTS)) {
            try (var files = Files.list(SHOTS)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
