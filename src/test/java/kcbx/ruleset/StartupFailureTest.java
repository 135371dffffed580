package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupFailureTest {

    @TempDir
    Path rules;

    @Test
    void aRuleThatDoesNotCompileStopsTheStartWithFileAndLine() throws Exception {
        Files.createDirectories(rules.resolve("baseline"));
        Files.writeString(rules.resolve("baseline/profile.yaml"), "name: test\n");
        Files.writeString(rules.resolve("baseline/calendar.yaml"), "terms: []\n");
        Files.writeString(rules.resolve("baseline/bad.drl"), "package kcbx.rules\n\nrule \"x\" @id(\"a\") @cite(\"b\")\nwhen\n  NoSuchFact()\nthen\nend\n");
        Exception e = assertThrows(Exception.class, () -> {
            try (ApplicationContext ctx = ApplicationContext.run(Map.of("kcbx.rules.path", rules.toString()), "test")) {
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
}
