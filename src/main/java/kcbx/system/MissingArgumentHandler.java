package kcbx.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedQueryValueRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A required query parameter that is missing (GET /v1/obligations without profile) is an
 * invalid_field problem naming the parameter, not an unreadable body.
 */
@Produces
@Singleton
@Replaces(UnsatisfiedRouteHandler.class)
public class MissingArgumentHandler implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, UnsatisfiedRouteException exception) {
        String name = exception instanceof UnsatisfiedQueryValueRouteException q ? q.getQueryParameterName()
                : exception instanceof UnsatisfiedBodyRouteException ? "body"
                : exception.getArgument().getName();
        return Problems.response(request, ProblemException.invalid(List.of(new FieldProblem(name, "is required"))));
    }
}
