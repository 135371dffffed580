package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A deployment with its own identity provider: JWTs signed by a key the provider publishes as
 * a JWKS (served here by a small HTTP server on the loopback) are accepted with their roles and
 * schools claims; unsigned, foreign-signed and expired ones are not; the service's own
 * credentials keep working beside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProviderJwtTest {
    private static final String DECISION = """
            {"asOf":"2025-09-10","student":{"id":"jwt-1","schoolId":"%s"},
             "attendance":[{"date":"2025-09-10","status":"ABSENT_UNEXCUSED"}]}""";

    private RSAKey providerKey;
    private HttpServer jwksServer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private EmbeddedServer server;
    private HttpCalls http;

    @BeforeAll
    void start() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        byte[] jwks = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.security.token.jwt.enabled", "true",
                "micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json",
                // the fetch a production jar makes (it has no Micronaut HTTP client)
                "micronaut.security.token.jwt.signatures.jwks-client.http-client.enabled", "false"), "test");
        HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
        http = new HttpCalls(client, server.getApplicationContext().getBean(JsonMapper.class));
    }

    @AfterAll
    void stop() {
        server.close();
        jwksServer.stop(0);
    }

    @Test
    void aSignedTokenCarriesItsRolesAndSchools() throws Exception {
        HttpCalls school = http.as(signed(providerKey, List.of("SCHOOL_SYSTEM"), List.of("S9"), 3600));
        HttpCalls.Reply ok = school.post("/v1/decisions", DECISION.formatted("S9"));
        assertEquals(200, ok.status(), ok.body());
        assertEquals(200, school.get("/v1/decisions/" + ok.json().get("decisionId")).status());
        HttpCalls.Reply other = school.post("/v1/decisions", DECISION.formatted("S1"));
        assertEquals(403, other.status());
        assertEquals("school_not_served", other.json().get("code"));
        assertTrue(jwksFetches.get() > 0, "the key came from the provider's JWKS");

        HttpCalls policy = http.as(signed(providerKey, List.of("POLICY_EDITOR"), List.of(), 3600));
        assertEquals(200, policy.get("/v1/profiles").status());
        assertEquals(403, policy.post("/v1/decisions", DECISION.formatted("S9")).status());
    }

    @Test
    void unsignedForeignAndExpiredTokensAreRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        String unsigned = new PlainJWT(claims(List.of("AUDITOR"), List.of("*"), 3600)).serialize();
        for (String token : List.of(signed(stranger, List.of("AUDITOR"), List.of(), 3600), unsigned,
                signed(providerKey, List.of("AUDITOR"), List.of(), -60))) {
            HttpCalls.Reply r = http.as(token).get("/v1/profiles");
            assertEquals(401, r.status(), r.body());
            assertEquals("unauthenticated", r.json().get("code"));
        }
    }

    @Test
    void theServicesOwnCredentialsStillWork() {
        assertEquals(200, http.get("/v1/profiles").status()); // TestCredentials' token of this context
    }

    @Test
    void jwtSwitchedOnWithoutASignatureDoesNotStart() {
        Exception e = assertThrows(Exception.class, () -> {
            // "cli" leaves out the rule set, which this start does not need
            try (ApplicationContext ctx = ApplicationContext.run(Map.of("micronaut.security.token.jwt.enabled", "true"),
                    "test", CredentialsCli.ENVIRONMENT)) {
                ctx.getBean(JwtGuard.class);
            }
        });
        Throwable t = e;
        while (t.getCause() != null && !t.getMessage().contains("no signature is configured")) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("no signature is configured"), e.toString());
    }

    private static String signed(RSAKey key, List<String> roles, List<String> schools, int validSeconds) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims(roles, schools, validSeconds));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(List<String> roles, List<String> schools, int validSeconds) {
        return new JWTClaimsSet.Builder().subject("sis@county").claim("roles", roles).claim("schools", schools)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + validSeconds * 1000L)).build();
    }
}
