package kcbx.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Bean-validation failures of the generated models become field errors with JSON paths
 * ("student.id", "attendance[2].status"), without the method and parameter names Micronaut puts
 * in front of them. A failing query or path parameter is named by its own name ("limit").
 */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
public class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException exception) {
        List<FieldProblem> errors = exception.getConstraintViolations().stream()
                .map(v -> new FieldProblem(requestParameter(request, v).orElseGet(() -> jsonPath(v)), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return Problems.response(request, ProblemException.invalid(errors));
    }

    /** The name of the query or path parameter the violation is about, when it is not about the body. */
    static Optional<String> requestParameter(HttpRequest<?> request, ConstraintViolation<?> v) {
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() != ElementKind.METHOD) {
                return Optional.empty(); // a property inside a parameter: the body
            }
        }
        String name = parameter;
        boolean inPath = name != null && request.getAttribute(HttpAttributes.ROUTE_MATCH, UriRouteMatch.class)
                .map(m -> m.getVariableValues().containsKey(name)).orElse(false);
        return name != null && (inPath || request.getParameters().contains(name)) ? Optional.of(name) : Optional.empty();
    }

    static String jsonPath(ConstraintViolation<?> v) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            // an element of a list carries its index on the node of the property inside it
            if (node.isInIterable() && node.getIndex() != null) {
                sb.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() == null || node.getName().startsWith("<")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
