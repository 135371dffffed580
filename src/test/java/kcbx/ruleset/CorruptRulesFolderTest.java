package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
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
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import kcbx.publishing.RulesCliTest;
import kcbx.publishing.RulesetPublishTest;

/**
 * A rules folder that no longer compiles when the service starts (a bad edit deployed to one
 * machine) does not take the service down while the database holds a good version: that version
 * serves and decides, and the log says why, naming the file and line. On H2 and on MariaDB: the
 * good version's files are read back from the database it was archived in.
 */
@Tag("db")
class CorruptRulesFolderTest {
    private static final String BROKEN_RULE = """

            rule "Broken on purpose" @id("broken.on-purpose") @cite("none")
            when
                NoSuchFact()
            then
            end
            """;

    @TempDir
    Path rules;

    @Test
    void aBrokenCopyOfTheRulesFolderStartsOnTheStoredGoodVersionAndDecides() throws Exception {
        String good;
        try (ApplicationContext first = ApplicationContext.run("test")) { // the rules folder as it is: archived
            good = first.getBean(ActiveRuleset.class).get().version();
        }
        RulesCliTest.copy(Path.of("rules"), rules);
        Path drl = rules.resolve("helan/obligations.drl");
        long brokenLine = Files.readAllLines(drl).size() + 4; // the line of NoSuchFact()
        Files.writeString(drl, Files.readString(drl) + BROKEN_RULE);

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ActiveRuleset.class);
        log.start();
        logger.addAppender(log);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("kcbx.rules.path",
                rules.toString()), "test")) {
            assertEquals(good, server.getApplicationContext().getBean(ActiveRuleset.class).get().version());
            HttpResponse<String> decided = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.getURL() + "/v1/decisions")).header("content-type", "application/json")
                    .header("authorization", "Bearer " + TestCredentials.defaultToken())
                    .POST(HttpRequest.BodyPublishers.ofString(RulesetPublishTest.TWO_DAYS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, decided.statusCode(), decided.body());
            assertTrue(decided.body().contains("\"rulesetVersion\":\"" + good + "\""), decided.body());
        } finally {
            logger.detachAppender(log);
        }
        List<String> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(errors.stream().anyMatch(m -> m.contains("DOES NOT COMPILE") && m.contains(good)
                && m.contains(rules.toAbsolutePath().normalize().toString())
                && m.contains("helan/obligations.drl:" + brokenLine)), "the log says why: " + errors);
    }
}
