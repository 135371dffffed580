package kcbx.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import jakarta.inject.Singleton;
import java.util.List;
import kcbx.api.model.Problem;

/**
 * Every error Micronaut itself raises (no route, wrong method or media type, unreadable JSON,
 * oversized body, unhandled exception) leaves as the same Problem as ours. Exception messages are
 * never copied to the caller: they can hold a stack's worth of internals or a child's data.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.status();
        MutableHttpResponse<Problem> problem = switch (status) {
            case BAD_REQUEST -> badRequest(context);
            case UNAUTHORIZED -> Problems.response(context.getRequest(), status, "unauthenticated",
                    "Unauthenticated", "Send a valid credential as 'Authorization: Bearer <token>'.",
                    List.of(new FieldProblem("Authorization", "is missing, unknown, revoked or not valid")));
            case FORBIDDEN -> Problems.response(context.getRequest(), status, "forbidden", "Forbidden",
                    "This credential's roles do not grant " + context.getRequest().getMethodName() + " "
                            + context.getRequest().getPath() + ".", List.of());
            case NOT_FOUND -> Problems.response(context.getRequest(), status, "not_found", "Not found",
                    "No resource at " + context.getRequest().getPath() + ".", List.of());
            case METHOD_NOT_ALLOWED -> Problems.response(context.getRequest(), status, "method_not_allowed",
                    "Method not allowed", context.getRequest().getMethodName() + " is not allowed on "
                            + context.getRequest().getPath() + ".", List.of());
            case UNSUPPORTED_MEDIA_TYPE -> Problems.response(context.getRequest(), status, "unsupported_media_type",
                    "Unsupported media type", "Send the body as application/json.", List.of());
            case NOT_ACCEPTABLE -> Problems.response(context.getRequest(), status, "not_acceptable",
                    "Not acceptable", "This resource is available as application/json.", List.of());
            case REQUEST_ENTITY_TOO_LARGE -> Problems.response(context.getRequest(), status, "payload_too_large",
                    "Payload too large", "The request body is larger than the configured limit.",
                    List.of(new FieldProblem("body", "is larger than micronaut.server.max-request-size")));
            case SERVICE_UNAVAILABLE -> Problems.response(context.getRequest(), status, "storage_unavailable",
                    "Service unavailable", "The service cannot serve this request now; retry shortly.", List.of());
            default -> status.getCode() >= 500 && fromMultipartDecoder(context.getRootCause().orElse(null))
                    ? Problems.response(context.getRequest(), HttpStatus.BAD_REQUEST, "malformed_multipart",
                            "Malformed multipart body", "The body is not well-formed multipart/form-data.",
                            List.of(new FieldProblem("body", "is not well-formed multipart/form-data")))
                    : status.getCode() >= 500
                    ? Problems.response(context.getRequest(), HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                            "Internal error", "The request failed inside the service; it has been logged.", List.of())
                    : Problems.response(context.getRequest(), status, "http_" + status.getCode(),
                            status.getReason(), status.getReason() + ".", List.of());
        };
        base.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")
                    || name.equalsIgnoreCase("WWW-Authenticate")) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem;
    }

    /**
     * Netty's multipart decoder fails on some malformed bodies (a part header without a name, a
     * Content-Disposition cut short) with its decoding error around a NullPointerException or an
     * index out of bounds, which reaches here as a server error: it is the caller's body.
     */
    static boolean fromMultipartDecoder(Throwable root) {
        for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException || t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }

    private MutableHttpResponse<Problem> badRequest(ErrorContext context) {
        FieldProblem parameter = JsonErrors.parameter(context.getRootCause().orElse(null));
        if (parameter != null) {
            return Problems.response(context.getRequest(), ProblemException.invalid(List.of(parameter)));
        }
        List<FieldProblem> errors = JsonErrors.describe(context.getRootCause().orElse(null));
        boolean malformed = errors.stream().anyMatch(e -> e.field().equals("body"));
        if (malformed) {
            return Problems.response(context.getRequest(), HttpStatus.BAD_REQUEST, "malformed_json",
                    "Malformed JSON", "The body is not well-formed JSON.", errors);
        }
        return Problems.response(context.getRequest(), ProblemException.invalid(errors));
    }
}
