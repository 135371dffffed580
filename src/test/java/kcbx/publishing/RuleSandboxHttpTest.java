package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import kcbx.engine.RuleSandboxTest;

/**
 * The escapes of {@link RuleSandboxTest} sent the way a policy editor would, with a POLICY_EDITOR
 * credential: to validate as a zipped folder and to impact as a dry run over decisions that are
 * stored (so a rule that compiled would run over them). Each is refused naming file, line and
 * call, and nothing ran.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleSandboxHttpTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    HttpCalls editor;
    Instant from;

    @BeforeAll
    void aDecisionToRunOverAndAnEditor() {
        from = Instant.now().minusSeconds(1);
        HttpCalls.Reply d = new HttpCalls(client, json).post("/v1/decisions", RulesetPublishTest.TWO_DAYS);
        assertEquals(200, d.status(), d.body());
        editor = new HttpCalls(client, json).as(credentials.issue("sandbox test policy editor",
                List.of(Role.POLICY_EDITOR), List.of()).token());
    }

    static java.util.stream.Stream<RuleSandboxTest.Escape> escapes() {
        return RuleSandboxTest.escapes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    @SuppressWarnings("unchecked")
    void validateReportsTheEscapeAndRunsNothing(RuleSandboxTest.Escape e) throws IOException {
        HttpCalls.Reply r = editor.exchange(HttpRequest.POST("/v1/rulesets/validate", MultipartBody.builder()
                        .addPart("file", "rules.zip", MediaType.of("application/zip"),
                                RulesetPublishTest.zip("rules/", RuleSandboxTest.withEscape(e))).build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        assertEquals(200, r.status(), r.body());
        assertEquals(false, r.json().get("valid"), r.body());
        List<Map<String, Object>> problems = (List<Map<String, Object>>) r.json().get("problems");
        Map<String, Object> p = problems.stream().filter(x -> x.get("message").toString().contains(e.forbidden()))
                .findFirst().orElse(problems.get(0));
        RuleSandboxTest.assertNamed(e, (String) p.get("file"), ((Number) p.get("line")).intValue(),
                (String) p.get("message"));
        RuleSandboxTest.assertNothingRan();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    @SuppressWarnings("unchecked")
    void impactRefusesTheEscapeAndRunsNothing(RuleSandboxTest.Escape e) {
        HttpCalls.Reply r = editor.post("/v1/rulesets/impact", editor.write(Map.of("from", from.toString(),
                "to", Instant.now().plusSeconds(1).toString(),
                "files", RulesetPublishTest.asJson(RuleSandboxTest.withEscape(e)))));
        assertEquals(422, r.status(), r.body());
        assertEquals("ruleset_invalid", r.json().get("code"), r.body());
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.json().get("errors");
        Map<String, Object> p = errors.stream().filter(x -> x.get("message").toString().contains(e.forbidden()))
                .findFirst().orElse(errors.get(0));
        // the field is "file:line:column"
        String[] where = p.get("field").toString().split(":");
        RuleSandboxTest.assertNamed(e, where[0], Integer.parseInt(where[1]), (String) p.get("message"));
        RuleSandboxTest.assertNothingRan();
        assertTrue(!r.body().contains("Exception"), r.body());
    }
}
