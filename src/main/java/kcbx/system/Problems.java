package kcbx.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import kcbx.api.model.FieldError;
import kcbx.api.model.Problem;

/** Builds every error body the service sends: one Problem schema, application/problem+json. */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final String TYPE_PREFIX = "urn:kcbx:problem:";

    private Problems() {
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, HttpStatus status, String code,
                                                        String title, String detail, List<FieldProblem> errors) {
        Problem p = new Problem(TYPE_PREFIX + code, title, status.getCode(), code);
        p.setDetail(detail);
        if (request != null) {
            p.setInstance(request.getPath());
        }
        if (!errors.isEmpty()) {
            p.setErrors(errors.stream().map(e -> new FieldError(e.field(), e.message())).toList());
        }
        MutableHttpResponse<Problem> r = HttpResponse.<Problem>status(status).body(p).contentType(PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            r.header("Retry-After", "5");
        }
        return r;
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, ProblemException e) {
        return response(request, e.status(), e.code(), e.title(), e.getMessage(), e.errors());
    }
}
