package kcbx.console;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * The web console's pages may load nothing from anywhere but this service: every script, style,
 * chart library and API call comes from the same origin (Content-Security-Policy default-src
 * 'self', no inline script or style, no plugins, no framing). The console is re-read on every
 * visit (no-cache) so a new release is never mixed with cached scripts of the old one.
 */
@ServerFilter(value = "^/console(/.*)?$", patternStyle = FilterPatternStyle.REGEX)
class ConsoleHeaders {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    @ResponseFilter
    void secure(MutableHttpResponse<?> response) {
        response.getHeaders()
                .set("Content-Security-Policy", POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("Cache-Control", "no-cache");
    }
}
