package kcbx.publishing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import kcbx.system.Problems;

/** The HTTP edge of a refused rule set: 422 ruleset_invalid or scenarios_failed, naming every problem. */
@Produces
@Singleton
public class RulesetRefusedHandler implements ExceptionHandler<RulesetRefusedException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, RulesetRefusedException e) {
        String code = e.reason() == RulesetRefusedException.Reason.DOES_NOT_COMPILE ? "ruleset_invalid" : "scenarios_failed";
        String title = switch (e.reason()) {
            case DOES_NOT_COMPILE -> "The rule set does not compile";
            case NO_SCENARIOS -> "No scenarios";
            case SCENARIOS_FAIL -> "Scenarios fail";
        };
        return Problems.response(request, HttpStatus.UNPROCESSABLE_ENTITY, code, title, e.getMessage(), e.problems());
    }
}
