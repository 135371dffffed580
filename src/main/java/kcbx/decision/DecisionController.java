package kcbx.decision;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import kcbx.api.DecisionsApi;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.security.SchoolScope;
import kcbx.system.ProblemException;

/**
 * HTTP edge of the decision API; Drools and JDBC block, so it runs on the blocking pool. Which
 * roles reach these paths is application.yml's intercept-url-map; which schools, {@link SchoolScope}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class DecisionController implements DecisionsApi {
    private final DecisionService decisions;
    private final SchoolScope scope;

    DecisionController(DecisionService decisions, SchoolScope scope) {
        this.decisions = decisions;
        this.scope = scope;
    }

    @Override
    public Decision decide(DecisionRequest decisionRequest) {
        scope.requireServes(decisionRequest.getStudent().getSchoolId());
        return decisions.decide(decisionRequest);
    }

    /** Another school's decision is "not found", exactly as an unknown id: a 403 would confirm it exists. */
    @Override
    public Decision getDecision(String decisionId) {
        return decisions.find(decisionId).filter(d -> scope.canRead(d.getSchoolId()))
                .orElseThrow(() -> ProblemException.notFound("Decision " + decisionId));
    }
}
