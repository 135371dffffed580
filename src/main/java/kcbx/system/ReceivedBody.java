package kcbx.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

/**
 * The JSON body of the request being served, as the caller sent it: kept by the contract check
 * (which reads it anyway) so that a decision stores and chains the request bytes it received
 * instead of serialising the bound object again.
 */
public final class ReceivedBody {
    private static final String ATTRIBUTE = "kcbx.received-body";

    private ReceivedBody() {
    }

    static void keep(HttpRequest<?> request, byte[] body) {
        request.setAttribute(ATTRIBUTE, body);
    }

    /** The body of the request being served, if the contract check kept it. */
    public static byte[] ofCurrentRequest() {
        return ServerRequestContext.currentRequest().flatMap(r -> r.getAttribute(ATTRIBUTE, byte[].class)).orElse(null);
    }
}
