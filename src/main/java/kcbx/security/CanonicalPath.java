package kcbx.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.List;
import java.util.regex.Pattern;
import kcbx.system.Problems;

/**
 * Access rules (micronaut.security.intercept-url-map) match the path as it is spelled, while the
 * router forgives some spellings: {@code /v1/decisions/} matched the pattern
 * {@code /v1/decisions/*} (a school system's "read one decision") and was served as the search
 * of every school's decisions. So before security looks at a request, any path that is not in
 * the one spelling the contract uses is refused as naming no resource: a trailing or doubled
 * slash, a dot segment, any percent-encoding ({@code %2F}, {@code %2e}...), a {@code ;}
 * parameter, a backslash, an absolute URI. Every path of this service is ASCII identifiers
 * between single slashes, so nothing a client legitimately sends is refused; the rule the
 * security filter evaluates is then always the rule for the route actually served. The one
 * exception is the web console's page, {@value #CONSOLE} (docs/console.md), which holds no data.
 */
@ServerFilter(value = ".*", patternStyle = FilterPatternStyle.REGEX)
class CanonicalPath implements Ordered {
    /** Segments of letters, digits and {@code . _ ~ -}, none of them empty; dot segments are checked apart. */
    private static final Pattern CANONICAL = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.+(/|$)");
    /** The web console's index page: the one path served with a trailing slash (its pages link relative to it). */
    static final String CONSOLE = "/console/";

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseOtherSpellings(HttpRequest<?> request) {
        String raw = rawPath(request);
        if ((isCanonical(raw) || raw.equals(CONSOLE)) && raw.equals(request.getPath())) {
            return null;
        }
        // the path is not echoed: it is the caller's text and may carry anything
        return Problems.response(request, HttpStatus.NOT_FOUND, "not_found", "Not found",
                "No resource has this path; send it as the contract spells it (no trailing or doubled slash,"
                        + " dot segment, percent-encoding or ';' parameter).", List.of());
    }

    /** Whether a path is in the contract's spelling: ASCII identifier segments between single slashes. */
    static boolean isCanonical(String path) {
        return CANONICAL.matcher(path).matches() && !DOT_SEGMENT.matcher(path).find();
    }

    /** The request target exactly as it arrived on the wire, without its query. */
    private static String rawPath(HttpRequest<?> request) {
        String target = request instanceof NettyHttpRequest<?> netty
                ? netty.getNativeRequest().uri()
                : request.getUri().getRawPath();
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        int end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        return end < 0 ? target : target.substring(0, end);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
