package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Compiling the shipped rules under the service's own logging configuration logs no warning, nor
 * does a whole first start of the service on a fresh embedded database: an operator who sees WARN
 * at start-up must be able to take it seriously.
 */
class QuietStartTest {

    @Test
    void compilingTheShippedRulesLogsNoWarningUnderTheServicesLoggingConfiguration() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        try {
            configure(context, Path.of("src/main/resources/logback.xml").toUri().toURL());
            seen.setContext(context);
            seen.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(seen);
            new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules")));
        } finally {
            configure(context, QuietStartTest.class.getResource("/logback-test.xml"));
        }
        List<String> warnings = seen.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertEquals(List.of(), warnings);
    }

    /**
     * The service as {@code java -jar} starts it the first time: the shipped configuration (no test
     * environment), a fresh embedded database and data folder, so the development credential is
     * issued. Its notice is INFO (the expected first start, saying where the token is); the log has
     * no WARN or ERROR line from start to the first answer and the shutdown.
     */
    @Test
    void aFreshFirstStartOfTheServiceLogsNoWarningOrError(@TempDir Path data) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        String accessLog = System.getProperty("kcbx.access-log");
        System.setProperty("kcbx.access-log", data.resolve("access.log").toString());
        try {
            configure(context, Path.of("src/main/resources/logback.xml").toUri().toURL());
            seen.setContext(context);
            seen.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(seen);
            try (ApplicationContext service = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .properties(Map.of("kcbx.data.path", data.toString(), "micronaut.server.port", -1,
                            "micronaut.server.host", "127.0.0.1"))
                    .start()) {
                EmbeddedServer server = service.getBean(EmbeddedServer.class);
                server.start();
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
            }
        } finally {
            configure(context, QuietStartTest.class.getResource("/logback-test.xml"));
            if (accessLog == null) {
                System.clearProperty("kcbx.access-log");
            } else {
                System.setProperty("kcbx.access-log", accessLog);
            }
        }
        assertTrue(Files.readString(data.resolve("dev-credential.txt")).startsWith("kcbx_"),
                "a first start issues the development credential");
        assertTrue(seen.list.stream().anyMatch(e -> e.getLoggerName().equals("kcbx.security.DevCredential")
                && e.getLevel() == Level.INFO), "the development credential is announced at INFO");
        assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains("Startup completed")
                || e.getFormattedMessage().contains("Rule set")), "the start was logged at all");
        List<String> warnings = seen.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertEquals(List.of(), warnings);
    }

    private static void configure(LoggerContext context, java.net.URL config) throws Exception {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }
}
