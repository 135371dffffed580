package kcbx.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.server.HttpServerConfiguration;
import java.util.List;

/**
 * The two routes that read their body as a stream (a county's reconciliation lists, an NDJSON
 * batch) refuse a body whose declared length is over micronaut.server.max-request-size before
 * reading a byte of it. Micronaut enforces that limit on a stream only when the reader reaches
 * it: by then an NDJSON batch would have decided and stored every item before the limit, and
 * then answered none of them. A body sent without a length is stopped where it crosses the limit
 * (StreamingJson#unreadable, also a 413).
 */
@ServerFilter(value = "^/v1/(reconciliations|decisions/batch)/?$", patternStyle = FilterPatternStyle.REGEX)
class StreamedBodyLimit {
    private final long maxRequestSize;

    StreamedBodyLimit(HttpServerConfiguration server) {
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (request.getContentLength() > maxRequestSize) {
            return Problems.response(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "Payload too large",
                    "The request body is larger than the configured limit.",
                    List.of(new FieldProblem("body", "is larger than " + maxRequestSize + " bytes")));
        }
        return null;
    }
}
