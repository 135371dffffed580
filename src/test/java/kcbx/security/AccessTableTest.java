package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import kcbx.store.DecisionStore;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/**
 * Every endpoint for every kind of caller, the wrong ones included, over real HTTP with real
 * credentials. The tables are the specification: a row per request, a column per caller.
 */
@MicronautTest(transactional = false)
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTableTest {
    /**
     * 200 allowed; 401 unauthenticated; 403 role refused; 403s school not served; 404 not found
     * (for another school's decision exactly as for an unknown one); 405 no such method.
     */
    private static final String HTTP_TABLE = """
            request                  ANON JUNK WRONG REVOKED NOSIG  SCHOOL_S1 SCHOOL_ALL POLICY AUDITOR COUNTY
            POST_DECISION_S1         401  401  401   401     401    200       200        403    403     403
            POST_DECISION_S2         401  401  401   401     401    403s      200        403    403     403
            POST_DECISION_NO_SCHOOL  401  401  401   401     401    403s      200        403    403     403
            GET_DECISION_S1          401  401  401   401     401    200       200        403    200     403
            GET_DECISION_S2          401  401  401   401     401    404       200        403    200     403
            GET_DECISION_NO_SCHOOL   401  401  401   401     401    404       200        403    200     403
            GET_DECISION_UNKNOWN     401  401  401   401     401    404       404        403    404     403
            GET_PROFILES             401  401  401   401     401    200       200        200    200     200
            GET_HEALTH               200  200  200   200     200    200       200        200    200     200
            GET_CONTRACT             200  200  200   200     200    200       200        200    200     200
            GET_UNMAPPED_ROUTE       401  401  401   401     401    403       403        403    403     403
            DELETE_DECISION          405  405  405   405     405    405       405        405    405     405
            GET_NO_SUCH_PATH         404  404  404   404     404    404       404        404    404     404
            GET_MANAGEMENT_BEANS     404  404  404   404     404    404       404        404    404     404
            POST_MANAGEMENT_REFRESH  404  404  404   404     404    404       404        404    404     404
            """;

    /**
     * Paths other branches are adding, checked against the intercept-url-map itself (the routes
     * do not exist here yet): Y granted, - refused. Anonymous callers are refused everywhere.
     */
    private static final String RESERVED_TABLE = """
            method path                           SCHOOL_SYSTEM POLICY_EDITOR AUDITOR COUNTY_OFFICER
            GET    /v1/decisions                  -             -             Y       -
            POST   /v1/decisions/d1/replay        -             -             Y       -
            POST   /v1/decisions/replay           -             -             Y       -
            GET    /v1/audit/verify               -             -             Y       -
            GET    /v1/audit/export               -             -             Y       -
            GET    /v1/rulesets                   -             Y             Y       -
            GET    /v1/rulesets/v1                -             Y             Y       -
            POST   /v1/rulesets/validate          -             Y             -       -
            POST   /v1/rulesets/v1/publish        -             Y             -       -
            PUT    /v1/rulesets/v1                -             Y             -       -
            POST   /v1/reconciliations            -             -             -       Y
            GET    /v1/reconciliations/r1         -             -             Y       Y
            GET    /v1/reconciliations            -             -             Y       Y
            GET    /v1/reconciliations/r1/findings.csv  -       -             Y       Y
            GET    /v1/reconciliations/r1/findings.xlsx -       -             Y       Y
            POST   /v1/feeds                      Y             Y             Y       Y
            GET    /v1/feeds                      Y             Y             Y       Y
            DELETE /v1/feeds/f1                   Y             Y             Y       Y
            GET    /v1/obligations                Y             Y             Y       Y
            GET    /v1/profiles/helan/clauses     Y             Y             Y       Y
            GET    /v1/obligations.ics            Y             Y             Y       Y
            DELETE /v1/decisions/d1               -             -             -       -
            PUT    /v1/decisions/d1               -             -             -       -
            GET    /v1/decisions/d1/replay        -             -             -       -
            POST   /v1/batches                    -             -             -       -
            GET    /v1/audit                      -             -             Y       -
            GET    /v1/students                   -             -             -       -
            GET    /v1/me                         Y             Y             Y       Y
            GET    /v1/rulesets/v1/diff/v2        -             Y             Y       -
            GET    /v1/students/s1/decision       Y             -             Y       Y
            POST   /v1/students/s1/decision       -             -             -       -
            """;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Inject
    DecisionStore store;

    @Inject
    ConfigurationInterceptUrlMapRule urlMap;

    @Inject
    Router router;

    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> decisionIds = new LinkedHashMap<>();
    private HttpCalls http;
    private int posted;

    @BeforeAll
    void issueCredentialsAndDecisions() {
        http = new HttpCalls(client, json);
        tokens.put("ANON", null);
        tokens.put("JUNK", "not-a-credential");
        IssuedCredential s1 = credentials.issue("access: S1", List.of(Role.SCHOOL_SYSTEM), List.of("S1"));
        tokens.put("WRONG", s1.token().substring(0, s1.token().length() - 4) + "0000");
        IssuedCredential revoked = credentials.issue("access: revoked auditor", List.of(Role.AUDITOR), List.of());
        credentials.revoke(revoked.credentialId());
        tokens.put("REVOKED", revoked.token());
        tokens.put("NOSIG", unsignedJwt());
        tokens.put("SCHOOL_S1", s1.token());
        tokens.put("SCHOOL_ALL", credentials.issue("access: all schools", List.of(Role.SCHOOL_SYSTEM),
                List.of(SchoolScope.ALL_SCHOOLS)).token());
        tokens.put("POLICY", credentials.issue("access: policy", List.of(Role.POLICY_EDITOR), List.of()).token());
        tokens.put("AUDITOR", credentials.issue("access: auditor", List.of(Role.AUDITOR), List.of()).token());
        tokens.put("COUNTY", credentials.issue("access: county", List.of(Role.COUNTY_OFFICER), List.of()).token());

        HttpCalls all = http.as(tokens.get("SCHOOL_ALL"));
        for (String school : new String[]{"S1", "S2", null}) {
            HttpCalls.Reply r = all.post("/v1/decisions", decisionRequest(school));
            assertEquals(200, r.status(), r.body());
            decisionIds.put(String.valueOf(school), r.json().get("decisionId").toString());
        }
    }

    @TestFactory
    List<DynamicTest> everyEndpointForEveryCaller() {
        List<String> lines = lines(HTTP_TABLE);
        String[] callers = columns(lines.get(0));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = columns(line);
            for (int c = 1; c < callers.length; c++) {
                String request = cells[0];
                String caller = callers[c];
                String expected = cells[c];
                tests.add(DynamicTest.dynamicTest(request + " as " + caller + " -> " + expected,
                        () -> check(request, caller, expected)));
            }
        }
        return tests;
    }

    private void check(String request, String caller, String expected) {
        long before = store.count();
        HttpCalls calls = tokens.get(caller) == null ? http.anonymous() : http.as(tokens.get(caller));
        HttpCalls.Reply r = calls.exchange(request(request).get());
        int status = Integer.parseInt(expected.substring(0, 3));
        assertEquals(status, r.status(), () -> request + " as " + caller + ": " + r.body());
        boolean posts = request.startsWith("POST_DECISION");
        assertEquals(before + (posts && status == 200 ? 1 : 0), store.count(), "a refused request stores nothing");
        if (status < 400) {
            return;
        }
        assertEquals("application/problem+json", r.contentType(), r.body());
        String code = switch (expected) {
            case "401" -> "unauthenticated";
            case "403" -> "forbidden";
            case "403s" -> "school_not_served";
            case "404" -> "not_found";
            case "405" -> "method_not_allowed";
            default -> throw new IllegalArgumentException(expected);
        };
        assertEquals(code, r.json().get("code"), r.body());
        if (status == 401) {
            assertTrue(r.headers().get("WWW-Authenticate").startsWith("Bearer"), "401 names the scheme");
        }
        if (expected.equals("403s")) {
            assertTrue(r.body().contains("\"field\":\"student.schoolId\""), r.body());
        }
        if (request.startsWith("GET_DECISION") && status == 404) {
            // another school's decision must be indistinguishable from one that does not exist
            assertEquals("No decision has this id.", r.json().get("detail"));
            assertTrue(!r.body().contains(id(request)), "a problem does not echo the id it was asked for: " + r.body());
        }
    }

    @TestFactory
    List<DynamicTest> reservedPathsAreGrantedOnlyToTheirRoles() {
        List<String> lines = lines(RESERVED_TABLE);
        String[] roles = columns(lines.get(0));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = columns(line);
            HttpMethod method = HttpMethod.valueOf(cells[0]);
            String path = cells[1];
            tests.add(DynamicTest.dynamicTest(method + " " + path + " anonymous -> refused",
                    () -> assertEquals(false, allowed(method, path, null))));
            for (int c = 2; c < roles.length; c++) {
                String role = roles[c];
                boolean granted = cells[c].equals("Y");
                tests.add(DynamicTest.dynamicTest(method + " " + path + " as " + role + " -> " + (granted ? "granted" : "refused"),
                        () -> assertEquals(granted, allowed(method, path, Authentication.build("t", List.of(role),
                                Map.of(SchoolScope.SCHOOLS_ATTRIBUTE, List.of(SchoolScope.ALL_SCHOOLS)))))));
            }
        }
        return tests;
    }

    /** Default deny made visible: a route nobody granted roles to is named here, not silently refused. */
    @Test
    void everyRouteOfTheServiceHasItsRolesInTheUrlMap() {
        Authentication everyRole = Authentication.build("t", Arrays.stream(Role.values()).map(Enum::name).toList(),
                Map.of());
        List<String> ungranted = new ArrayList<>();
        router.uriRoutes().map(r -> (UriRouteInfo<?, ?>) r).forEach(route -> {
            String template = route.getUriMatchTemplate().toString();
            String path = template.replaceAll("\\{[^}]*}", "x");
            // HEAD (Micronaut adds one per GET) is refused by default; no client of this service needs it
            if (!path.equals(UnmappedProbeController.PATH) && route.getHttpMethod() != HttpMethod.HEAD
                    && Mono.from(urlMap.check(HttpRequest.create(route.getHttpMethod(), path), everyRole)).block()
                    == SecurityRuleResult.UNKNOWN) {
                ungranted.add(route.getHttpMethod() + " " + template);
            }
        });
        assertTrue(ungranted.isEmpty(), "routes with no entry in micronaut.security.intercept-url-map (refused to"
                + " everyone): " + ungranted);
    }

    private boolean allowed(HttpMethod method, String path, Authentication authentication) {
        return Mono.from(urlMap.check(HttpRequest.create(method, path), authentication)).block()
                == SecurityRuleResult.ALLOWED;
    }

    private Supplier<MutableHttpRequest<?>> request(String name) {
        return switch (name) {
            case "POST_DECISION_S1" -> () -> post(decisionRequest("S1"));
            case "POST_DECISION_S2" -> () -> post(decisionRequest("S2"));
            case "POST_DECISION_NO_SCHOOL" -> () -> post(decisionRequest(null));
            case "GET_DECISION_S1", "GET_DECISION_S2", "GET_DECISION_NO_SCHOOL", "GET_DECISION_UNKNOWN" ->
                    () -> HttpRequest.GET("/v1/decisions/" + id(name));
            case "GET_PROFILES" -> () -> HttpRequest.GET("/v1/profiles");
            case "GET_HEALTH" -> () -> HttpRequest.GET("/health");
            case "GET_CONTRACT" -> () -> HttpRequest.GET("/openapi/decision-api.yaml");
            case "GET_UNMAPPED_ROUTE" -> () -> HttpRequest.GET(UnmappedProbeController.PATH);
            case "DELETE_DECISION" -> () -> HttpRequest.DELETE("/v1/decisions/" + id("GET_DECISION_S1"));
            case "GET_NO_SUCH_PATH" -> () -> HttpRequest.GET("/v1/nowhere");
            case "GET_MANAGEMENT_BEANS" -> () -> HttpRequest.GET("/beans");
            case "POST_MANAGEMENT_REFRESH" -> () -> HttpRequest.POST("/refresh", "{}");
            default -> throw new IllegalArgumentException(name);
        };
    }

    private String id(String request) {
        return switch (request) {
            case "GET_DECISION_S1" -> decisionIds.get("S1");
            case "GET_DECISION_S2" -> decisionIds.get("S2");
            case "GET_DECISION_NO_SCHOOL" -> decisionIds.get("null");
            default -> "00000000-0000-0000-0000-000000000000";
        };
    }

    private static MutableHttpRequest<?> post(String body) {
        return HttpRequest.POST("/v1/decisions", body).contentType("application/json");
    }

    private String decisionRequest(String school) {
        posted++;
        return "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"access-" + posted + "\""
                + (school == null ? "" : ",\"schoolId\":\"" + school + "\"")
                + "},\"attendance\":[{\"date\":\"2025-09-10\",\"status\":\"ABSENT_UNEXCUSED\"}]}";
    }

    /** An unsigned JWT ("alg": "none") claiming every role: must never be accepted. */
    private static String unsignedJwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"intruder\",\"roles\":[\"AUDITOR\",\"SCHOOL_SYSTEM\"],"
                + "\"schools\":[\"*\"]}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static List<String> lines(String table) {
        return table.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String[] columns(String line) {
        return line.split("\\s+");
    }
}
