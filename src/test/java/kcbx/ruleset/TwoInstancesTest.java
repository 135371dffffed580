package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import kcbx.engine.RulesetSource;
import kcbx.publishing.RulesCliTest;
import kcbx.publishing.RulesetPublishTest;
import kcbx.publishing.RulesetPublisher;

/**
 * Two instances of the service on one database: a version published on one is what the other
 * decides with within 10 seconds, and so is the roll back, because the active version lives in
 * the database and every instance follows it.
 */
@Tag("db")
class TwoInstancesTest {
    // the service's own scenarios are one the two-day candidate passes, as in RulesetPublishTest
    private static final Map<String, Object> FAST_POLL = Map.of("kcbx.ruleset.poll-interval", "1s",
            "kcbx.scenarios.path", "src/test/resources/publish-scenarios");

    @Test
    void anInstanceFollowsAVersionPublishedOnAnotherWithinTenSeconds() throws Exception {
        try (FollowerEvents followed = new FollowerEvents();
             ApplicationContext a = ApplicationContext.run(FAST_POLL, "test");
             EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, FAST_POLL, "test")) {
            ActiveRuleset activeB = b.getApplicationContext().getBean(ActiveRuleset.class);
            String original = a.getBean(ActiveRuleset.class).get().version();
            assertEquals(original, activeB.get().version());
            RulesetSource candidate = new RulesetSource(RulesetPublishTest.twoDayCandidate());
            RulesetPublisher publisherA = a.getBean(RulesetPublisher.class);
            try {
                long start = System.nanoTime();
                publisherA.publish(candidate, Map.of("attendance/helan-two-days.json",
                        RulesCliTest.twoDays("helan", "SUSPECTED_DROPOUT")), "two-instances", "test on A");
                // B must compile the version too: allowed 10 s beyond what A's own compile took on this machine
                long compileMs = (System.nanoTime() - start) / 1_000_000;
                long followedMs = followed.waitFor(activeB, candidate.version(), 10_000 + compileMs);
                System.out.println("Instance B followed the publication on A in " + followedMs + " ms (A compiled and"
                        + " tested it in " + compileMs + " ms)");
                String decidedByB = decide(b);
                assertTrue(decidedByB.contains("\"rulesetVersion\":\"" + candidate.version() + "\""), decidedByB);
                assertTrue(decidedByB.contains("SUSPECTED_DROPOUT"), decidedByB);
            } finally {
                publisherA.republish(original, "two-instances", "roll back on A");
            }
            long back = followed.waitFor(activeB, original, 10_000);
            System.out.println("Instance B followed the roll back on A in " + back + " ms");
            assertTrue(decide(b).contains("\"rulesetVersion\":\"" + original + "\""));
        }
    }

    /**
     * What the followers log when they swap to the version the database names: the test waits for
     * those events and re-checks the instance's version at each, not for time.
     */
    private static final class FollowerEvents extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(RulesetFollower.class);

        FollowerEvents() {
            setContext(logger.getLoggerContext());
            start();
            logger.addAppender(this);
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            notifyAll();
        }

        /** Milliseconds until {@code active} serves {@code version}; fails after {@code limitMs}. */
        synchronized long waitFor(ActiveRuleset active, String version, long limitMs) throws InterruptedException {
            long start = System.nanoTime();
            while (!active.get().version().equals(version)) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < limitMs, "the other instance still serves " + active.get().version() + " after " + ms + " ms");
                wait(limitMs - ms);
            }
            return (System.nanoTime() - start) / 1_000_000;
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }

    private static String decide(EmbeddedServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.getURL() + "/v1/decisions")).header("content-type", "application/json")
                .header("authorization", "Bearer " + TestCredentials.defaultToken())
                .POST(HttpRequest.BodyPublishers.ofString(RulesetPublishTest.TWO_DAYS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
