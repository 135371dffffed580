package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one database: a credential revoked through one is refused by
 * the other on the very next request, even though the other has just accepted it repeatedly:
 * the credential is read from the database on every request, never remembered per instance.
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

    private static int status(EmbeddedServer server, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/v1/profiles")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
