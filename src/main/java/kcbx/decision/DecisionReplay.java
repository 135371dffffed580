package kcbx.decision;

import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.FieldDifference;
import kcbx.api.model.PeriodReplayRequest;
import kcbx.api.model.PeriodReplayResult;
import kcbx.api.model.ReplayResult;
import kcbx.store.DecisionQuery;
import kcbx.store.DecisionRecord;
import kcbx.store.DecisionStore;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetException;
import kcbx.ruleset.RulesetVersions;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * Replays stored decisions: the stored request, the stored asOf, and the stored rule set version
 * (or another archived one, for what-if) through the same pure evaluation a live decision takes,
 * compared field by field with what was stored. Nothing is stored and no decision is returned,
 * only the comparison: a replayed decision was never recorded.
 */
@Singleton
class DecisionReplay {
    static final int DEFAULT_PERIOD_LIMIT = 10_000;
    private static final int PAGE = 500;
    private static final int LISTED = 100;

    private final DecisionStore store;
    private final RulesetVersions versions;
    private final JsonMapper json;
    private final DecisionDiff diff;

    DecisionReplay(DecisionStore store, RulesetVersions versions, JsonMapper json) {
        this.store = store;
        this.versions = versions;
        this.json = json;
        this.diff = new DecisionDiff(json);
    }

    ReplayResult replay(String decisionId, String whatIfVersion) {
        DecisionRecord stored = store.find(decisionId)
                .orElseThrow(() -> ProblemException.notFound("decision"));
        return replay(stored, whatIfVersion == null ? null : ruleset(whatIfVersion));
    }

    PeriodReplayResult replayPeriod(PeriodReplayRequest request) {
        if (!request.getFrom().isBefore(request.getTo())) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must be after from")));
        }
        CompiledRuleset whatIf = request.getRulesetVersion() == null ? null : ruleset(request.getRulesetVersion());
        int limit = request.getLimit() == null ? DEFAULT_PERIOD_LIMIT : request.getLimit();
        DecisionQuery page = DecisionQuery.period(millis(request.getFrom()), millis(request.getTo()), PAGE);
        long replayed = 0;
        long reproduced = 0;
        List<ReplayResult> failed = new ArrayList<>();
        boolean truncated = false;
        while (true) {
            List<DecisionRecord> rows = store.search(page);
            for (DecisionRecord r : rows) {
                if (replayed == limit) {
                    truncated = true;
                    break;
                }
                ReplayResult result = replay(r, whatIf);
                replayed++;
                if (result.getReproduced()) {
                    reproduced++;
                } else if (failed.size() < LISTED) {
                    failed.add(result);
                }
            }
            if (truncated || rows.size() < PAGE) {
                break;
            }
            page = page.after(rows.get(rows.size() - 1).id());
        }
        return new PeriodReplayResult(replayed, reproduced, truncated, failed);
    }

    private ReplayResult replay(DecisionRecord stored, CompiledRuleset whatIf) {
        CompiledRuleset ruleset = whatIf != null ? whatIf : compiled(stored.rulesetVersion())
                .orElseThrow(() -> notRebuildable("Rule set version " + stored.rulesetVersion() + " of decision "
                        + stored.decisionId() + " is not in the archive."));
        ProfileRules profile = ruleset.profile(stored.profile()).orElseThrow(() -> new ProblemException(
                HttpStatus.BAD_REQUEST, "unknown_profile", "Unknown profile", "Rule set version " + ruleset.version()
                + " has no profile \"" + stored.profile() + "\".",
                List.of(new FieldProblem("rulesetVersion", "has no profile " + stored.profile()))));
        Decision replayed = DecisionService.evaluate(read(stored.requestJson()), ruleset.version(), profile,
                stored.decisionId(), Instant.ofEpochMilli(stored.decidedAtMs()));
        List<FieldDifference> differences = diff.diff(stored.decisionJson(), write(replayed));
        return new ReplayResult(stored.decisionId(), stored.rulesetVersion(), ruleset.version(), differences.isEmpty(),
                differences);
    }

    /** A what-if version named by the caller: one that was never archived is the caller's mistake. */
    private CompiledRuleset ruleset(String version) {
        return compiled(version).orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST,
                "unknown_ruleset_version", "Unknown rule set version", "rulesetVersion is not an archived rule set"
                + " version.", List.of(new FieldProblem("rulesetVersion", "is not an archived rule set version"))));
    }

    private java.util.Optional<CompiledRuleset> compiled(String version) {
        try {
            return versions.find(version);
        } catch (RulesetException e) {
            throw notRebuildable("Rule set version " + version + " no longer compiles: " + e.problems().get(0) + ".");
        } catch (IllegalStateException e) {
            throw notRebuildable(e.getMessage()); // archived files that no longer match their hashes
        }
    }

    private static ProblemException notRebuildable(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "ruleset_not_rebuildable", "Rule set version cannot be rebuilt",
                detail, List.of());
    }

    private static long millis(ZonedDateTime t) {
        return t.toInstant().toEpochMilli();
    }

    private DecisionRequest read(String text) {
        try {
            return json.readValue(text, DecisionRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
