package kcbx.publishing;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import kcbx.api.ProfilesApi;
import kcbx.api.model.ClauseCounts;
import kcbx.api.model.ClauseRow;
import kcbx.api.model.Profile;
import kcbx.api.model.ProfileList;
import kcbx.system.ProblemException;
import kcbx.engine.ClauseRegister;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.ruleset.ActiveRuleset;

@Controller
class ProfilesController implements ProfilesApi {
    private final ActiveRuleset rulesets;
    private final JsonMapper json;
    private final Path fixtures;
    /** The rules the fixtures exercise, for the last rule set version asked about (running them takes seconds). */
    private final AtomicReference<Exercised> exercised = new AtomicReference<>();

    private record Exercised(String version, ExercisedRules.Result result) {
    }

    ProfilesController(ActiveRuleset rulesets, JsonMapper json,
                       @Value("${kcbx.fixtures.path:test-fixtures}") String fixtures) {
        this.rulesets = rulesets;
        this.json = json;
        this.fixtures = Path.of(fixtures);
    }

    @Override
    public ProfileList listProfiles() {
        CompiledRuleset ruleset = rulesets.get();
        return new ProfileList(ruleset.version(), ruleset.profiles().values().stream()
                .map(ProfileRules::definition)
                .map(d -> new Profile(d.id(), d.name()).parent(d.parent()).sourceDocument(d.sourceDocument())
                        .issuer(d.issuer()).year(d.year()))
                .toList());
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    public kcbx.api.model.ClauseCoverage getProfileClauses(String profileId) {
        CompiledRuleset ruleset = rulesets.get();
        if (ruleset.profile(profileId).isEmpty()) {
            throw ProblemException.notFound("The profile");
        }
        ExercisedRules.Result fired = exercised(ruleset);
        ClauseCoverage.Report r = ClauseCoverage.of(ruleset, profileId, fired.rules());
        ClauseCounts counts = new ClauseCounts(r.rows().size(), (int) r.encoded(),
                (int) r.count(ClauseCoverage.Status.EXERCISED), (int) r.count(ClauseCoverage.Status.NOT_ENCODED),
                (int) r.count(ClauseCoverage.Status.PENDING));
        return new kcbx.api.model.ClauseCoverage(profileId, ruleset.version(), fired.fixturesFound(), counts,
                r.rows().stream().map(ProfilesController::row).toList());
    }

    private ExercisedRules.Result exercised(CompiledRuleset ruleset) {
        Exercised known = exercised.get();
        if (known != null && known.version().equals(ruleset.version())) {
            return known.result();
        }
        try {
            ExercisedRules.Result result = ExercisedRules.collect(ruleset, fixtures, json);
            exercised.set(new Exercised(ruleset.version(), result));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fixtures folder " + fixtures, e);
        }
    }

    private static ClauseRow row(ClauseCoverage.Row row) {
        ClauseRegister.Clause c = row.clause();
        ClauseRow out = new ClauseRow(c.key(), c.text(), c.profiles(), c.rules(),
                kcbx.api.model.ClauseRowStatus.fromValue(row.status().name()), c.file(), c.line());
        return c.reason().isEmpty() ? out : out.reason(c.reason());
    }
}
