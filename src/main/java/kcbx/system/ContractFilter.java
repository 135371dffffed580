package kcbx.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every JSON body is checked against the contract before a controller sees it, so a bad request
 * is refused with every offending field named, and nothing of it is stored.
 * POST /v1/reconciliations is left out: its body (a county's lists, up to hundreds of megabytes)
 * must not be buffered here, so kcbx.reconciliation validates it row by row while streaming.
 */
@ServerFilter(value = "^/v1/(?!reconciliations$).*", patternStyle = FilterPatternStyle.REGEX)
class ContractFilter {
    private final ContractValidator validator;

    ContractFilter(ContractValidator validator) {
        this.validator = validator;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> validate(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Optional<Map<String, Object>> schema = validator.requestSchema(request.getMethodName(), request.getPath());
        if (schema.isEmpty() || request.getContentType().map(ct -> !ct.getSubtype().endsWith("json")).orElse(false)) {
            return null; // no JSON body in the contract here, or a media type the route will refuse with 415
        }
        if ((body == null || body.length == 0) && validator.bodyOptional(request.getMethodName(), request.getPath())) {
            return null;
        }
        List<FieldProblem> errors = validator.validate(schema.get(), body == null ? new byte[0] : body);
        if (errors.isEmpty()) {
            return null;
        }
        FieldProblem first = errors.get(0);
        boolean malformed = first.field().equals("body") && (first.message().startsWith("is not well-formed")
                || first.message().equals("is empty") || first.message().startsWith("has more"));
        if (malformed) {
            return Problems.response(request, io.micronaut.http.HttpStatus.BAD_REQUEST, "malformed_json",
                    "Malformed JSON", errors.get(0).field() + " " + errors.get(0).message() + ".", errors);
        }
        boolean unknownOnly = errors.stream().allMatch(e -> e.message().startsWith("is not a field of"));
        if (unknownOnly) {
            return Problems.response(request, io.micronaut.http.HttpStatus.BAD_REQUEST, "unknown_field",
                    "The request has unknown fields", errors.get(0).field() + " " + errors.get(0).message() + ".", errors);
        }
        return Problems.response(request, ProblemException.invalid(errors));
    }
}
