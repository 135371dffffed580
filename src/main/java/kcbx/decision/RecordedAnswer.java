package kcbx.decision;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.context.ServerRequestContext;
import kcbx.api.model.Decision;
import kcbx.audit.AccessLogFilter;

/**
 * A decision is answered with the JSON it was recorded with, byte for byte, not serialised again:
 * the controller names the recorded text ({@link #answer}) and this filter puts its bytes in the
 * response in place of the object the generated interface makes the controller return.
 */
@ServerFilter("/v1/decisions/**")
class RecordedAnswer {
    private static final String ATTRIBUTE = "kcbx.recorded-json";
    /** What a controller returns for a stored decision it answers with its recorded JSON, which is not parsed to answer it. */
    private static final Decision UNPARSED = new Decision(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /**
     * Answers the request being served with this recorded JSON (UTF-8); returns the object the
     * generated interface wants, empty: if it were ever serialised instead, the answer would be
     * visibly wrong.
     */
    static Decision answer(byte[] recordedJson) {
        return answer(ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("a recorded decision is answered only to an HTTP request")),
                recordedJson);
    }

    /** {@link #answer(byte[])} to the given request, from a thread that is not serving it (an asynchronous answer). */
    static Decision answer(HttpRequest<?> request, byte[] recordedJson) {
        request.setAttribute(ATTRIBUTE, recordedJson);
        return UNPARSED;
    }

    @ResponseFilter
    void written(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.status() != HttpStatus.OK) {
            return;
        }
        request.getAttribute(ATTRIBUTE, byte[].class).ifPresent(json -> {
            response.body(json).contentType(MediaType.APPLICATION_JSON_TYPE);
            request.setAttribute(AccessLogFilter.COUNT, "1"); // one decision, for the access log
        });
    }
}
