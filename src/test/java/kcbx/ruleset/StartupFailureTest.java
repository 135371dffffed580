package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import kcbx.engine.RulesetException;

/** Each test has a database of its own, so what the database names active is known. */
class StartupFailureTest {

    @TempDir
    Path rules;

    private static String freshDatabase() {
        return "jdbc:h2:mem:startup-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    }

    private void writeBrokenRules() throws Exception {
        Files.createDirectories(rules.resolve("baseline"));
        Files.writeString(rules.resolve("baseline/profile.yaml"), "name: test\n");
        Files.writeString(rules.resolve("baseline/calendar.yaml"), "terms: []\n");
        Files.writeString(rules.resolve("baseline/bad.drl"), "package kcbx.rules\n\nrule \"x\" @id(\"a\") @cite(\"b\")\nwhen\n  NoSuchFact()\nthen\nend\n");
    }

    @Test
    void aRuleThatDoesNotCompileStopsTheStartWithFileAndLine() throws Exception {
        writeBrokenRules();
        Exception e = assertThrows(Exception.class, () -> {
            try (ApplicationContext ctx = ApplicationContext.run(Map.of("kcbx.rules.path", rules.toString(),
                    "datasources.default.url", freshDatabase()), "test")) {
                ctx.getBean(ActiveRuleset.class);
            }
        });
        Throwable t = e;
        while (t != null && !(t instanceof RulesetException)) {
            t = t.getCause();
        }
        assertTrue(t != null, "the start-up failure is the rule set's: " + e);
        assertTrue(t.getMessage().contains("baseline/bad.drl:5"), t.getMessage());
    }

    @Test
    void aFolderThatDoesNotCompileLeavesTheStoredActiveVersionServing() throws Exception {
        String database = freshDatabase();
        String good;
        try (ApplicationContext first = ApplicationContext.run(Map.of("datasources.default.url", database), "test")) {
            good = first.getBean(ActiveRuleset.class).get().version();
        }
        writeBrokenRules();
        try (ApplicationContext second = ApplicationContext.run(Map.of("kcbx.rules.path", rules.toString(),
                "datasources.default.url", database), "test")) {
            assertEquals(good, second.getBean(ActiveRuleset.class).get().version());
            assertTrue(second.getBean(ActiveRuleset.class).get().profile("helan").isPresent());
        }
    }
}
