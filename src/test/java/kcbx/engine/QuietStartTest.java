package kcbx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Compiling the shipped rules under the service's own logging configuration logs no warning: an
 * operator who sees WARN at start-up must be able to take it seriously.
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

    private static void configure(LoggerContext context, java.net.URL config) throws Exception {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }
}
