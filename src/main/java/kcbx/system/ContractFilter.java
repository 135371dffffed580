package kcbx.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every JSON body is checked against the contract before a controller sees it, so a bad request
 * is refused with every offending field named, and nothing of it is stored.
 * Two routes are left out because they stream their bodies: POST /v1/reconciliations (a county's
 * lists, up to hundreds of megabytes, validated row by row in kcbx.reconciliation) and the batch
 * route, which validates each item on its own (BatchDecisions), naming the item in every field
 * ({@code [17].student.nationalId}), so that one bad item fails only itself.
 */
@ServerFilter(value = "^/v1/(?!reconciliations$|decisions/batch/?$).*", patternStyle = FilterPatternStyle.REGEX)
class ContractFilter {
    private final ContractValidator validator;
    /** Single JSON bodies (one decision, a rule-set request) stop here; only the batch route is larger. */
    private final int maxBody;

    ContractFilter(ContractValidator validator,
                   @io.micronaut.context.annotation.Value("${kcbx.request.max-body-bytes:1048576}") int maxBody) {
        this.maxBody = maxBody;
        this.validator = validator;
    }

    /**
     * Runs on the event loop that read the body: the check is CPU work of a fraction of a
     * millisecond for a decision (some milliseconds for a body at the limit), and handing it to the
     * blocking pool first, then the controller to it again, was a second thread hop per request
     * (measured: HTTP warm about a tenth more decisions/s, p99 a fifth lower, bench/ab.sh).
     */
    @RequestFilter
    @Nullable
    HttpResponse<?> validate(HttpRequest<?> request, @Nullable @Body byte[] body) {
        if (body != null && body.length > maxBody) {
            return Problems.response(request, io.micronaut.http.HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                    "Payload too large", "The request body is larger than the configured limit.",
                    List.of(new FieldProblem("body", "is larger than " + maxBody + " bytes")));
        }
        Optional<Map<String, Object>> schema = validator.requestSchema(request.getMethodName(), request.getPath());
        if (schema.isEmpty() || request.getContentType().map(ct -> !ct.getSubtype().endsWith("json")).orElse(false)) {
            return null; // no JSON body in the contract here, or a media type the route will refuse with 415
        }
        if ((body == null || body.length == 0) && validator.bodyOptional(request.getMethodName(), request.getPath())) {
            return null;
        }
        ContractValidator.Checked checked = validator.checked(schema.get(), body == null ? new byte[0] : body);
        if (checked.errors().isEmpty()) {
            if (body != null) {
                ReceivedBody.keep(request, body, checked.tree());
            }
            return null;
        }
        return Problems.response(request, ProblemException.contract(checked.errors()));
    }
}
