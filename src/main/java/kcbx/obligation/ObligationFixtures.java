package kcbx.obligation;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kcbx.facts.Obligation;
import kcbx.facts.ObligationWindow;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RuleSessions;

/**
 * The obligation rules that the files of test-fixtures/obligations exercise on a compiled rule
 * set, run in process as GET /v1/obligations runs them (no HTTP, nothing stored): for the clause
 * register's coverage. A file that cannot be read or names no known profile exercises nothing.
 */
public final class ObligationFixtures {
    private ObligationFixtures() {
    }

    public static Set<String> firedRules(CompiledRuleset ruleset, Path folder, JsonMapper json) throws IOException {
        Set<String> fired = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return fired;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                fired.addAll(firedBy(ruleset, Files.readString(file), json));
            }
        }
        return fired;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> firedBy(CompiledRuleset ruleset, String text, JsonMapper json) {
        try {
            Map<String, Object> request = (Map<String, Object>) json.readValue(text,
                    Argument.mapOf(String.class, Object.class)).get("request");
            ProfileRules profile = ruleset.profile(String.valueOf(request.get("profile"))).orElse(null);
            if (profile == null || request.get("from") == null || request.get("to") == null) {
                return Set.of();
            }
            LocalDate from = LocalDate.parse(request.get("from").toString());
            LocalDate to = LocalDate.parse(request.get("to").toString());
            List<Obligation> listed = RuleSessions.run(profile,
                    List.of(new ObligationWindow(from, to, profile.calendar().terms())), 100).all(Obligation.class);
            Set<String> ids = new TreeSet<>();
            Object role = request.get("role");
            listed.stream().filter(o -> !o.getDueDate().isBefore(from) && !o.getDueDate().isAfter(to))
                    .filter(o -> role == null || role.toString().equals(o.getResponsible()))
                    .forEach(o -> ids.add(o.getRuleId()));
            return ids;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
