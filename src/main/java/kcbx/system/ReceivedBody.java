package kcbx.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.util.Optional;

/**
 * The JSON body of the request being served, as the caller sent it: kept by the contract check
 * (which reads it anyway) so that a decision stores and chains the request bytes it received
 * instead of serialising the bound object again, and the tree it read the body into, so that the
 * body is bound to its model without being read again.
 */
public final class ReceivedBody {
    private static final String ATTRIBUTE = "kcbx.received-body";
    private static final String TREE = "kcbx.received-body-tree";

    private ReceivedBody() {
    }

    static void keep(HttpRequest<?> request, byte[] body, Object tree) {
        request.setAttribute(ATTRIBUTE, body);
        request.setAttribute(TREE, tree);
    }

    /** The body of this request as the contract check read it, if it kept it. */
    public static Optional<byte[]> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, byte[].class);
    }

    /** The tree the contract check read the body of this request into, if it kept one ({@link TreeBinder} binds it). */
    public static Optional<Object> tree(HttpRequest<?> request) {
        return request.getAttribute(TREE);
    }

    /** The body of the request being served, if the contract check kept it. */
    public static byte[] ofCurrentRequest() {
        return ServerRequestContext.currentRequest().flatMap(r -> r.getAttribute(ATTRIBUTE, byte[].class)).orElse(null);
    }
}
