package kcbx.decision;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import kcbx.api.DecisionsApi;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.system.ProblemException;

/** HTTP edge of the decision API; Drools and JDBC block, so it runs on the blocking pool. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class DecisionController implements DecisionsApi {
    private final DecisionService decisions;

    DecisionController(DecisionService decisions) {
        this.decisions = decisions;
    }

    @Override
    public Decision decide(DecisionRequest decisionRequest) {
        return decisions.decide(decisionRequest);
    }

    @Override
    public Decision getDecision(String decisionId) {
        return decisions.find(decisionId).orElseThrow(() -> ProblemException.notFound("Decision " + decisionId));
    }
}
