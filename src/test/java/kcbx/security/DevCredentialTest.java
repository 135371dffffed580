package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import kcbx.decision.HttpCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded default ships no shared password: a first start issues a development credential,
 * writes it to a file only its owner reads and logs where, never the secret; the next start
 * issues none.
 */
class DevCredentialTest {
    @TempDir
    Path data;

    @Test
    void aFirstStartWritesOneDevelopmentCredentialAndLogsOnlyWhere() throws Exception {
        Path file = data.resolve("dev-credential.txt");
        Map<String, Object> config = Map.of(
                "datasources.default.url", "jdbc:h2:file:" + data.resolve("kcbx") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "kcbx.security.dev-credential.file", file.toString(),
                "micronaut.server.port", -1);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        String token;
        try (EmbeddedServer server = start(config)) {
            assertTrue(Files.exists(file), "the credential file is written");
            token = Files.readString(file).strip();
            assertTrue(token.matches("kcbx_[0-9a-f]{16}_[0-9a-f]{64}"), "the file holds the token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            HttpCalls http = new HttpCalls(server.getApplicationContext().createBean(HttpClient.class, server.getURL()),
                    server.getApplicationContext().getBean(JsonMapper.class)).as(token);
            assertEquals(200, http.get("/v1/profiles").status());
            assertEquals(1, server.getApplicationContext().getBean(Credentials.class).count());
        } finally {
            root.detachAppender(log);
        }
        String secret = token.substring(22);
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(file.toString())
                && e.getFormattedMessage().contains(token.substring(5, 21))), "the log says where and which");
        assertFalse(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(secret)), "the log never holds the secret");

        try (EmbeddedServer again = start(config)) {
            assertEquals(1, again.getApplicationContext().getBean(Credentials.class).count(), "no second credential");
            assertEquals(token, Files.readString(file).strip(), "the file is left as it was");
        }
    }

    /** A plain start, as ./mvnw mn:run does it: not the test environment, which issues its own credentials. */
    private static EmbeddedServer start(Map<String, Object> config) {
        ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).properties(config).start();
        return ctx.getBean(EmbeddedServer.class).start();
    }
}
