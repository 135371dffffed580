package kcbx.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import jakarta.inject.Singleton;
import java.util.List;
import kcbx.api.model.Problem;

/**
 * Every error Micronaut itself raises (no route, wrong method or media type, unreadable JSON,
 * oversized body, unhandled exception) leaves as the same Problem as ours. Exception messages are
 * never copied to the caller: they can hold a stack's worth of internals or a child's data; nor is
 * the path or method as sent, which are the caller's text.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.status();
        MutableHttpResponse<Problem> problem = switch (status) {
            case BAD_REQUEST -> badRequest(context);
            case UNAUTHORIZED -> Problems.response(context.getRequest(), ProblemException.unauthenticated());
            case FORBIDDEN -> Problems.response(context.getRequest(), status, "forbidden", "Forbidden",
                    "This credential's roles do not grant this method on this path.", List.of());
            case NOT_FOUND -> Problems.response(context.getRequest(), status, "not_found", "Not found",
                    "No resource has this path.", List.of());
            case METHOD_NOT_ALLOWED -> Problems.response(context.getRequest(), status, "method_not_allowed",
                    "Method not allowed", "This method is not allowed on this path; the Allow header names those that are.",
                    List.of());
            case UNSUPPORTED_MEDIA_TYPE -> Problems.response(context.getRequest(), status, "unsupported_media_type",
                    "Unsupported media type", "Send the body as application/json.", List.of());
            case NOT_ACCEPTABLE -> Problems.response(context.getRequest(), status, "not_acceptable",
                    "Not acceptable", "This resource is available as application/json.", List.of());
            case REQUEST_ENTITY_TOO_LARGE -> tooLarge(context);
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
                problem.getHeaders().remove(name); // the one the response already names gives way to Micronaut's
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

    /**
     * Netty reports a request line or a header block over its limit as a frame too long, which
     * Micronaut answers 413 as if it were the body: a header is 431 (RFC 6585) and a request line
     * 414, so the client knows what to shorten.
     */
    private static MutableHttpResponse<Problem> tooLarge(ErrorContext context) {
        // Micronaut answers a failed decode with the status alone: the cause is on Netty's request
        Throwable root = context.getRequest() instanceof NettyHttpRequest<?> netty
                && netty.getNativeRequest().decoderResult().isFailure()
                ? netty.getNativeRequest().decoderResult().cause() : context.getRootCause().orElse(null);
        for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TooLongHttpHeaderException) {
                return Problems.response(context.getRequest(), HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "header_too_large", "Request header fields too large",
                        "The request's headers are larger than the configured limit.",
                        List.of(new FieldProblem("headers", "are larger than micronaut.server.netty.max-header-size")));
            }
            if (t instanceof TooLongHttpLineException) {
                return Problems.response(context.getRequest(), HttpStatus.REQUEST_URI_TOO_LONG, "uri_too_long",
                        "Request line too long", "The request line is longer than the configured limit.",
                        List.of(new FieldProblem("uri", "is longer than micronaut.server.netty.max-initial-line-length")));
            }
        }
        return Problems.response(context.getRequest(), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "Payload too large", "The request body is larger than the configured limit.",
                List.of(new FieldProblem("body", "is larger than micronaut.server.max-request-size")));
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
