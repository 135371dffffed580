package kcbx.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * A query parameter whose bytes are not UTF-8 (a client writing GBK, raw or percent-encoded)
 * decodes to U+FFFD, and a township of "���" would silently match nothing: refused instead, naming
 * the parameter, never echoing its value. No real value of this service's parameters holds U+FFFD.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class Utf8Parameters implements Ordered {
    private static final char REPLACEMENT = '\uFFFD';
    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseUndecodable(HttpRequest<?> request) {
        for (String name : request.getParameters().names()) {
            boolean badName = name.indexOf(REPLACEMENT) >= 0;
            if (badName || request.getParameters().getAll(name).stream().anyMatch(v -> v.indexOf(REPLACEMENT) >= 0)) {
                // a parameter is named only when its name is an identifier: a name is the caller's text too
                String field = badName || !IDENTIFIER.matcher(name).matches() ? "query" : name;
                return Problems.response(request, ProblemException.invalid(List.of(new FieldProblem(field,
                        "is not UTF-8 text; send it as UTF-8, percent-encoded (curl -G --data-urlencode)"))));
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after(); // after the path spelling check, before security
    }
}
