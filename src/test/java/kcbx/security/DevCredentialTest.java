package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded default ships no shared password: a first start issues a development credential,
 * writes it to a file only its owner reads and logs where, never the secret; the next start
 * issues none. The database files beside it are owner-only as well.
 */
class DevCredentialTest {
    @TempDir
    Path data;

    @Test
    void aFirstStartWritesOneDevelopmentCredentialAndLogsOnlyWhere() throws Exception {
        Path store = data.resolve("not-yet-there");
        Path file = store.resolve("dev-credential.txt");
        Map<String, Object> config = Map.of(
                "datasources.default.url", "jdbc:h2:file:" + store.resolve("kcbx") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
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
            assertOwnerOnly(store);
            // a plain client: HttpCalls would want the test environment's credential, which this start has not
            var profiles = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.getURL() + "/v1/profiles")).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, profiles.statusCode(), profiles.body());
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
        assertOwnerOnly(store);
    }

    /** The embedded database's directory is 0700 and every file in it (database, credential) 0600. */
    private static void assertOwnerOnly(Path store) throws java.io.IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)), "data directory");
        try (var files = Files.list(store)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")), "the database is there: " + all);
            for (Path f : all) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    /** A plain start, as ./mvnw mn:run does it: not the test environment, which issues its own credentials. */
    private static EmbeddedServer start(Map<String, Object> config) {
        ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).properties(config).start();
        return ctx.getBean(EmbeddedServer.class).start();
    }
}
