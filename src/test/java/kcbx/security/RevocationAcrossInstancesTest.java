package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import kcbx.store.DecisionStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one database: a credential revoked through one is refused by
 * the other on the very next request, even though the other has just accepted it repeatedly:
 * the credential is read from the database on every request, or, for a decision to record, again
 * as the decision is recorded.
 */
@Tag("db")
class RevocationAcrossInstancesTest {

    @Test
    void aRevocationOnOneInstanceHoldsOnTheOthersNextRequest() throws Exception {
        try (EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, Map.of(), "test");
             EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, Map.of(), "test")) {
            Credentials onA = a.getApplicationContext().getBean(Credentials.class);
            IssuedCredential c = onA.issue("two instances", List.of(Role.AUDITOR), List.of());
            for (int i = 0; i < 3; i++) { // repeated, so any per-instance memory of the credential would be warm
                assertEquals(200, status(a, c.token()));
                assertEquals(200, status(b, c.token()));
            }
            onA.revoke(c.credentialId());
            assertEquals(401, status(b, c.token()), "the other instance refuses it on its next request");
            assertEquals(401, status(a, c.token()));
        }
    }

    /**
     * The one request let in on the credential as last read (a decision to record) is refused when
     * its decision would be recorded: the instance still remembers the credential as accepted, the
     * store reads it again and records nothing.
     */
    @Test
    void aDecisionLetInOnTheRememberedCredentialIsNotRecordedOnceRevoked() throws Exception {
        try (EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, Map.of(), "test");
             EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, Map.of(), "test")) {
            Credentials onA = a.getApplicationContext().getBean(Credentials.class);
            Credentials onB = b.getApplicationContext().getBean(Credentials.class);
            DecisionStore store = b.getApplicationContext().getBean(DecisionStore.class);
            IssuedCredential c = onA.issue("a school system", List.of(Role.SCHOOL_SYSTEM), List.of(SchoolScope.ALL_SCHOOLS));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, decide(b, c.token()).statusCode());
            }
            assertTrue(onB.rememberedForDecision(c.token()).isPresent(), "b lets the next decision in from memory");
            long recorded = store.count();

            onA.revoke(c.credentialId());
            assertTrue(onB.rememberedForDecision(c.token()).isPresent(), "b has not read the credential since");
            HttpResponse<String> refused = decide(b, c.token());
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"code\":\"unauthenticated\""), refused.body());
            assertFalse(refused.body().contains("decisionId"), "nothing of the decision is answered");
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(recorded, store.count(), "nothing is recorded for a revoked credential");
            assertTrue(onB.rememberedForDecision(c.token()).isEmpty(), "and b forgets it");
            assertEquals(401, decide(b, c.token()).statusCode());
            assertEquals(401, status(b, c.token()));
            assertEquals(recorded, store.count());
        }
    }

    /** A remembered credential does not let in a token with its id and another secret. */
    @Test
    void onlyTheSecretOfARememberedCredentialIsLetIn() throws Exception {
        try (EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, Map.of(), "test")) {
            Credentials credentials = a.getApplicationContext().getBean(Credentials.class);
            IssuedCredential c = credentials.issue("a school system", List.of(Role.SCHOOL_SYSTEM), List.of(SchoolScope.ALL_SCHOOLS));
            assertEquals(200, decide(a, c.token()).statusCode());
            String forged = c.token().substring(0, c.token().length() - 1) + (c.token().endsWith("0") ? "1" : "0");
            assertTrue(credentials.rememberedForDecision(forged).isEmpty());
            assertEquals(401, decide(a, forged).statusCode());
            assertTrue(credentials.rememberedForDecision(c.token()).isPresent(), "a wrong secret does not evict the right one");
        }
    }

    private static HttpResponse<String> decide(EmbeddedServer server, String token) throws Exception {
        String body = """
                {"profile":"baseline","asOf":"2025-09-12","student":{"id":"REVOKE-1","schoolId":"S-REVOKE",
                 "township":"T","name":"甲同学","gender":"FEMALE","grade":7,"className":"七(1)班",
                 "registryStatus":"ENROLLED"},
                 "attendance":[{"date":"2025-09-12","status":"PRESENT"}],"interventions":[]}
                """;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/decisions"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(EmbeddedServer server, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/v1/profiles")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
