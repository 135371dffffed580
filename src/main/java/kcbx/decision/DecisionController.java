package kcbx.decision;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import kcbx.api.DecisionsApi;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionPage;
import kcbx.api.model.FlagCode;
import kcbx.api.model.PeriodReplayRequest;
import kcbx.api.model.PeriodReplayResult;
import kcbx.api.model.ReplayRequest;
import kcbx.api.model.ReplayResult;
import kcbx.security.SchoolScope;
import kcbx.store.DecisionRecord;
import kcbx.system.ProblemException;

/**
 * HTTP edge of reading, searching and replaying decisions (deciding is {@link DecideController});
 * JDBC and replay's Drools block, so it runs on the blocking pool. Which
 * roles reach these paths is application.yml's intercept-url-map; which schools, {@link SchoolScope}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class DecisionController implements DecisionsApi {
    private final DecisionService decisions;
    private final DecisionSearch search;
    private final DecisionReplay replay;
    private final SchoolScope scope;

    DecisionController(DecisionService decisions, DecisionSearch search, DecisionReplay replay, SchoolScope scope) {
        this.decisions = decisions;
        this.search = search;
        this.replay = replay;
        this.scope = scope;
    }

    /** Another school's decision is "not found", exactly as an unknown id: a 403 would confirm it exists. */
    @Override
    public Decision getDecision(String decisionId) {
        DecisionRecord stored = decisions.find(decisionId).filter(d -> scope.canRead(d.schoolId()))
                .orElseThrow(() -> ProblemException.notFound("decision"));
        return RecordedAnswer.answer(stored.decisionJson().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public DecisionPage searchDecisions(String studentId, String schoolId, String profile, FlagCode flag,
                                       ZonedDateTime from, ZonedDateTime to, String after, Integer limit) {
        return search.search(studentId, schoolId, profile, flag, from, to, after, limit == null ? 50 : limit);
    }

    @Override
    public ReplayResult replayDecision(String decisionId, ReplayRequest replayRequest) {
        return replay.replay(decisionId, replayRequest == null ? null : replayRequest.getRulesetVersion());
    }

    @Override
    public PeriodReplayResult replayPeriod(PeriodReplayRequest periodReplayRequest) {
        return replay.replayPeriod(periodReplayRequest);
    }
}
