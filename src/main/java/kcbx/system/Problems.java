package kcbx.system;

import io.micronaut.http.BasicHttpAttributes;
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
        Problem p = body(status, code, title, detail, errors, instance(request));
        MutableHttpResponse<Problem> r = HttpResponse.<Problem>status(status).body(p).contentType(PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            r.header("Retry-After", "5");
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            r.header("WWW-Authenticate", "Bearer"); // the scheme to use, as the security filter's own 401 names it
        }
        return r;
    }

    /**
     * The route the request was matched to, as the contract writes it ({@code /v1/decisions/{decisionId}}),
     * never the path as sent: a path carries the caller's values (an id that may be a national ID, a
     * script tag), and a problem never echoes a value. No route matched: no instance.
     */
    public static String instance(HttpRequest<?> request) {
        return request == null ? null : BasicHttpAttributes.getUriTemplate(request).orElse(null);
    }

    /** The problem body alone, e.g. for one item of a batch answered inside a 200. */
    public static Problem body(ProblemException e, String instance) {
        return body(e.status(), e.code(), e.title(), e.getMessage(), e.errors(), instance);
    }

    private static Problem body(HttpStatus status, String code, String title, String detail, List<FieldProblem> errors,
                                String instance) {
        Problem p = new Problem(TYPE_PREFIX + code, title, status.getCode(), code);
        p.setDetail(detail);
        p.setInstance(instance);
        if (!errors.isEmpty()) {
            p.setErrors(errors.stream().map(e -> new FieldError(e.field(), e.message())).toList());
        }
        return p;
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, ProblemException e) {
        return response(request, e.status(), e.code(), e.title(), e.getMessage(), e.errors());
    }
}
