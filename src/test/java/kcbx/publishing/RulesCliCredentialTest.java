package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;
import kcbx.ruleset.RulesetPointer;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy staff's commands that ask the service carry a credential, from --token or KCBX_TOKEN,
 * as a bearer token; without one they say what is missing and send nothing; the publication is
 * recorded as that credential's.
 */
@MicronautTest(transactional = false)
@Tag("db")
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/publish-scenarios")
class RulesCliCredentialTest {
    @Inject
    EmbeddedServer server;

    @Inject
    Credentials credentials;

    @Inject
    ActiveRuleset active;

    @Inject
    RulesetPointer pointer;

    @TempDir
    Path tmp;

    @Test
    void withoutACredentialImpactPublishAndRollbackSayWhatIsMissingAndSendNothing() throws IOException {
        int publications = pointer.publications(null, 10_000).size();
        Path rules = RulesCliTest.copy(Path.of("rules"), tmp.resolve("rules"));
        for (String[] args : List.of(
                new String[] {"impact", rules.toString(), "--from", "2025-09-01T00:00:00+08:00", "--to",
                        "2025-10-01T00:00:00+08:00", "--server", server()},
                new String[] {"publish", rules.toString(), "--reason", "no credential", "--server", server()},
                new String[] {"rollback", active.get().version(), "--reason", "no credential", "--server", server()})) {
            RulesCliTest.Result r = run(Map.of(), args);
            assertEquals(2, r.exit(), r.out());
            assertTrue(r.out().contains("--token") && r.out().contains("KCBX_TOKEN"), r.out());
            assertTrue(!r.out().contains("401"), "nothing was sent: " + r.out());
        }
        RulesCliTest.Result blank = run(Map.of("KCBX_TOKEN", "  "), "rollback", active.get().version(), "--reason", "x",
                "--server", server());
        assertEquals(2, blank.exit(), blank.out());
        assertEquals(publications, pointer.publications(null, 10_000).size(), "no publication was recorded");
    }

    @Test
    void theCredentialComesFromTokenOrTheEnvironmentAndAWrongOneIsRefusedByTheService() throws IOException {
        IssuedCredential editor = credentials.issue("cli editor", List.of(Role.POLICY_EDITOR), List.of());
        Path rules = RulesCliTest.copy(Path.of("rules"), tmp.resolve("rules"));
        String[] impact = {"impact", rules.toString(), "--from", "2025-09-01T00:00:00+08:00", "--to",
                "2025-10-01T00:00:00+08:00", "--server", server()};

        RulesCliTest.Result byOption = run(Map.of(), concat(impact, "--token", editor.token()));
        assertEquals(0, byOption.exit(), byOption.out());
        assertTrue(byOption.out().startsWith("200 "), byOption.out());

        RulesCliTest.Result byEnvironment = run(Map.of("KCBX_TOKEN", editor.token()), impact);
        assertEquals(0, byEnvironment.exit(), byEnvironment.out());
        assertTrue(byEnvironment.out().startsWith("200 "), byEnvironment.out());

        String wrong = editor.token().substring(0, editor.token().length() - 4) + "0000";
        RulesCliTest.Result refused = run(Map.of("KCBX_TOKEN", editor.token()), concat(impact, "--token", wrong));
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().startsWith("401 "), "--token wins over KCBX_TOKEN: " + refused.out());

        IssuedCredential school = credentials.issue("cli school", List.of(Role.SCHOOL_SYSTEM), List.of("S1"));
        RulesCliTest.Result forbidden = run(Map.of("KCBX_TOKEN", school.token()), impact);
        assertEquals(1, forbidden.exit(), forbidden.out());
        assertTrue(forbidden.out().startsWith("403 "), forbidden.out());
    }

    @Test
    void publishAndRollbackAreRecordedAsTheCredentialThatSentThem() throws IOException {
        IssuedCredential editor = credentials.issue("cli publisher", List.of(Role.POLICY_EDITOR), List.of());
        String original = active.get().version();
        Path rules = RulesCliTest.copy(Path.of("rules"), tmp.resolve("rules"));
        RulesCliTest.append(rules.resolve("helan/parameters.yaml"), "\n# published by the command line " + System.nanoTime() + "\n");
        Path scenarios = Files.createDirectories(tmp.resolve("scenarios"));
        Files.copy(Path.of("src/test/resources/publish-scenarios/all-present.json"), scenarios.resolve("all-present.json"));
        String candidate = RulesetSource.fromDirectory(rules).version();
        try {
            RulesCliTest.Result published = run(Map.of(), "publish", rules.toString(), "--reason", "命令行发布",
                    "--scenarios", scenarios.toString(), "--server", server(), "--token", editor.token());
            assertEquals(0, published.exit(), published.out());
            assertTrue(published.out().contains("\"rulesetVersion\":\"" + candidate + "\""), published.out());
            assertTrue(published.out().contains("\"publishedBy\":\"credential:" + editor.credentialId() + "\""),
                    published.out());
            assertEquals(candidate, active.get().version());
        } finally {
            RulesCliTest.Result back = run(Map.of("KCBX_TOKEN", editor.token()), "rollback", original,
                    "--reason", "back", "--server", server());
            assertEquals(0, back.exit(), back.out());
            assertTrue(back.out().contains("\"publishedBy\":\"credential:" + editor.credentialId() + "\""), back.out());
        }
        assertEquals(original, active.get().version());
    }

    private String server() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static RulesCliTest.Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new RulesCli(new PrintStream(bytes, true, StandardCharsets.UTF_8), environment).run(args);
        return new RulesCliTest.Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }
}
