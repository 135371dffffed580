package kcbx.audit;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log of children's data (issue 17.5): every read or export of stored decisions,
 * ledgers, reports, reconciliations and the audit export writes one line to the logger
 * {@value #LOGGER} naming the credential, the route template (never the path as sent: a path
 * holds ids), the status, the query parameters whose values carry no personal data (any other
 * is named with its value left out) and how many items the answer held. Never a child's name or
 * national ID. Where the lines go is logback's configuration (logback.xml: data/access.log).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AccessLogFilter implements io.micronaut.core.order.Ordered {
    static final String LOGGER = "kcbx.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** Who acted when no credential did: set by the route (a feed link's id, kcbx.obligation.FeedController). */
    static final String ACTOR = "kcbx.access.actor";
    /**
     * How many items an answer written as bytes holds, when its route knows (a recorded decision
     * is answered with its stored JSON: kcbx.decision.RecordedAnswer sets 1).
     */
    public static final String COUNT = "kcbx.access.count";

    /** The reads of children's data: method and route template. */
    private static final Set<String> ROUTES = Set.of(
            "GET /v1/decisions", "GET /v1/decisions/{decisionId}", "POST /v1/decisions/{decisionId}/replay",
            "POST /v1/decisions/replay", "GET /v1/ledgers/{ledger}", "GET /v1/reports/monthly-dropout",
            "GET /v1/reports/term-summary", "GET /v1/audit/export", "GET /v1/reconciliations/{reconciliationId}",
            "GET /v1/reconciliations/{reconciliationId}/findings.csv",
            "GET /v1/reconciliations/{reconciliationId}/findings.xlsx",
            // no child's data, but read without a bearer credential: logged by the feed's id (the path is its secret)
            "GET /v1/feeds/{feedSecret}/obligations.ics");

    /** Parameters whose values are codes, dates, counts or ids of schools, never a person's data. */
    private static final Set<String> PLAIN = Set.of("schoolId", "township", "profile", "flag", "from", "to", "asOf",
            "month", "date", "format", "limit", "offset", "after", "fromSeq", "toSeq", "role");

    @Override
    public int getOrder() {
        return ServerFilterPhase.LAST.order();
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<String> template = RouteAttributes.getRouteMatch(request)
                .filter(m -> m instanceof UriRouteMatch<?, ?>)
                .map(m -> ((UriRouteMatch<?, ?>) m).getRouteInfo().getUriMatchTemplate().toPathString());
        if (template.isEmpty()) {
            return;
        }
        String route = request.getMethodName() + " " + template.get();
        if (!ROUTES.contains(route)) {
            return;
        }
        String who = request.getUserPrincipal(Authentication.class).map(Authentication::getName)
                .or(() -> request.getAttribute(ACTOR, String.class)).orElse("anonymous");
        TreeMap<String, String> params = new TreeMap<>();
        request.getParameters().forEach((name, values) ->
                params.put(name, PLAIN.contains(name) ? String.join(",", values) : "(omitted)"));
        LOG.info("credential={} route=\"{}\" status={} params={} count={}", who, route, response.code(), params,
                request.getAttribute(COUNT, String.class).orElseGet(() -> count(response.getBody().orElse(null))));
    }

    /** The list of children (or of decisions, findings, schools) in a page or report answer. */
    private static final Set<String> ITEMS = Set.of("items", "entries", "findings", "schools", "notReproduced");

    /** How many items the answer holds: a list's size, a page's items, 1 for one record, "-" when streamed. */
    static String count(Object body) {
        if (body == null) {
            return "0";
        }
        if (body instanceof Collection<?> c) {
            return String.valueOf(c.size());
        }
        Optional<? extends BeanIntrospection<?>> bean = BeanIntrospector.SHARED.findIntrospection(body.getClass());
        if (bean.isEmpty()) {
            return "-"; // a streamed file (CSV, workbook, NDJSON export): its rows are not counted here
        }
        @SuppressWarnings("unchecked")
        BeanIntrospection<Object> b = (BeanIntrospection<Object>) bean.get();
        for (BeanProperty<Object, Object> p : b.getBeanProperties()) {
            if (ITEMS.contains(p.getName()) && List.class.isAssignableFrom(p.getType())) {
                Object v = p.get(body);
                return String.valueOf(v == null ? 0 : ((List<?>) v).size());
            }
        }
        return "1";
    }
}
