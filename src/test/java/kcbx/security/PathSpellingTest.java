package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kcbx.decision.HttpCalls;
import kcbx.ruleset.ActiveRuleset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * Access must not depend on how a path is spelled. Every route of the contract (read from
 * openapi/decision-api.yaml, so a new route is covered without touching this test) is sent in
 * its canonical spelling and in each variant a router or proxy might forgive (trailing slash,
 * doubled slash, encoded slash, case, {@code ;} parameter, dot segments, percent-encoded
 * letters), by every kind of caller, over a raw socket so that nothing between the test and the
 * server rewrites the path. No variant may give more than the canonical spelling: never a 2xx
 * where the canonical path is refused, and a school credential never sees another school's child.
 */
@MicronautTest(transactional = false)
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathSpellingTest {
    private static final String OTHER_SCHOOL_STUDENT = "paths-other-school-child";

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Inject
    ActiveRuleset active;

    private final Map<String, String> callers = new LinkedHashMap<>();
    private String otherSchoolDecision;

    @BeforeAll
    void credentialsAndAnotherSchoolsDecision() {
        callers.put("ANONYMOUS", null);
        callers.put("SCHOOL_S1", credentials.issue("paths: S1", List.of(Role.SCHOOL_SYSTEM), List.of("S1")).token());
        for (Role role : Role.values()) {
            if (role != Role.SCHOOL_SYSTEM) {
                callers.put(role.name(), credentials.issue("paths: " + role, List.of(role), List.of()).token());
            }
        }
        HttpCalls.Reply r = new HttpCalls(client, json).post("/v1/decisions", "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\""
                + OTHER_SCHOOL_STUDENT + "\",\"schoolId\":\"S2\"},\"attendance\":[{\"date\":\"2025-09-10\","
                + "\"status\":\"ABSENT_UNEXCUSED\"}]}");
        assertEquals(200, r.status(), r.body());
        otherSchoolDecision = r.json().get("decisionId").toString();
    }

    /** The reported hole itself, spelled out: a school system listing another school's decisions. */
    @Test
    void aTrailingSlashDoesNotTurnReadingOneDecisionIntoSearchingAll() {
        String s1 = callers.get("SCHOOL_S1");
        assertEquals(403, send("GET", "/v1/decisions?schoolId=S2", s1).status());
        Answer slashed = send("GET", "/v1/decisions/?schoolId=S2", s1);
        assertEquals(404, slashed.status(), slashed.body());
        assertTrue(slashed.body().contains("\"code\":\"not_found\""), slashed.body());
        assertFalse(slashed.body().contains(OTHER_SCHOOL_STUDENT), slashed.body());
    }

    @TestFactory
    List<DynamicTest> noSpellingOfAnyRouteGivesMoreThanItsCanonicalSpelling() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Set<String>> route : contractRoutes().entrySet()) {
            for (String method : route.getValue()) {
                String path = concrete(route.getKey());
                for (Map.Entry<String, String> caller : callers.entrySet()) {
                    tests.add(DynamicTest.dynamicTest(method + " " + route.getKey() + " as " + caller.getKey(),
                            () -> checkVariants(method, path, caller.getKey(), caller.getValue())));
                }
            }
        }
        assertTrue(tests.size() > 20 * callers.size(), "the contract's routes were read: " + tests.size());
        return tests;
    }

    private void checkVariants(String method, String path, String caller, String token) {
        String query = query(path);
        Answer canonical = send(method, path + query, token);
        assertNoOtherSchoolsChild(caller, method + " " + path, canonical);
        for (String variant : variants(path)) {
            Answer a = send(method, variant + query, token);
            String what = method + " " + variant + " as " + caller + " (canonical " + canonical.status() + "): " + a.body();
            assertNoOtherSchoolsChild(caller, what, a);
            if (a.status() < 400) {
                assertTrue(canonical.status() < 300, "more access than the canonical spelling: " + what);
            }
            assertTrue(a.status() < 500, "a spelling is never a server error: " + what);
        }
    }

    private void assertNoOtherSchoolsChild(String caller, String what, Answer a) {
        if (caller.equals("SCHOOL_S1") || caller.equals("ANONYMOUS")) {
            assertFalse(a.body().contains(OTHER_SCHOOL_STUDENT) || a.body().contains(otherSchoolDecision),
                    "another school's child shown to " + caller + ": " + what);
        }
    }

    /** Each path of the contract with the methods it declares. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> contractRoutes() throws IOException {
        Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("openapi/decision-api.yaml")));
        Map<String, Set<String>> routes = new LinkedHashMap<>();
        ((Map<String, Object>) spec.get("paths")).forEach((path, item) -> {
            Set<String> methods = new LinkedHashSet<>();
            for (String key : ((Map<String, Object>) item).keySet()) {
                if (List.of("get", "post", "put", "delete", "patch").contains(key)) {
                    methods.add(key.toUpperCase(Locale.ROOT));
                }
            }
            routes.put(path, methods);
        });
        return routes;
    }

    /** The template with real values: another school's decision, the active rule set, a ledger code. */
    private String concrete(String template) {
        return template.replace("{decisionId}", otherSchoolDecision)
                .replace("{version}", active.get().version())
                .replace("{ledger}", "SUSPECTED_DROPOUT_LEDGER")
                .replace("{reconciliationId}", "00000000-0000-0000-0000-000000000000")
                .replaceAll("\\{[^}]+}", "x");
    }

    /** Parameters that make the canonical request succeed where a caller may have it, all aimed at school S2. */
    private static String query(String path) {
        if (path.startsWith("/v1/ledgers/")) {
            return "?schoolId=S2&asOf=2025-09-30";
        }
        return switch (path) {
            case "/v1/reports/monthly-dropout" -> "?schoolId=S2&month=2025-09";
            case "/v1/reports/term-summary" -> "?schoolId=S2&date=2025-09-10";
            case "/v1/audit/export" -> "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
            default -> "?schoolId=S2";
        };
    }

    /** The spellings of one canonical path that must not reach more than it does. */
    static List<String> variants(String path) {
        List<String> v = new ArrayList<>();
        int last = path.lastIndexOf('/');
        int second = path.indexOf('/', 1);
        v.add(path + "/");
        v.add("/" + path);
        v.add(path.substring(0, second) + "/" + path.substring(second));
        v.add(path.substring(0, last) + "%2F" + path.substring(last + 1));
        v.add(path.substring(0, last) + "%2f" + path.substring(last + 1));
        v.add(path.toUpperCase(Locale.ROOT));
        v.add("/V1" + path.substring(second));
        v.add(path.substring(0, last + 1) + Character.toUpperCase(path.charAt(last + 1)) + path.substring(last + 2));
        v.add(path + ";x=y");
        v.add(path.substring(0, second) + ";x=y" + path.substring(second));
        v.add(path.substring(0, second) + "/." + path.substring(second));
        v.add(path.substring(0, second) + "/%2e" + path.substring(second));
        v.add(path.substring(0, second) + "/%2E" + path.substring(second));
        v.add(path.substring(0, second) + "/x/.." + path.substring(second));
        v.add(path.substring(0, second) + "/x/%2e%2e" + path.substring(second));
        v.add(path.substring(0, second + 1) + "%" + Integer.toHexString(path.charAt(second + 1)) + path.substring(second + 2));
        v.add(path.substring(0, second) + "\\" + path.substring(second + 1));
        v.add(path.replace("/", "//"));
        return v;
    }

    private record Answer(int status, String body) {
    }

    /** One HTTP/1.1 request with the target written byte for byte as given. */
    private Answer send(String method, String target, String token) {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(30_000);
            byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8);
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + (body.length == 0 ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            return new Answer(status, split < 0 ? "" : response.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }
}
