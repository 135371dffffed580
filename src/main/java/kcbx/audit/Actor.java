package kcbx.audit;

import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.authentication.Authentication;
import java.util.Optional;

/**
 * Who is acting: the authenticated identity of the HTTP request being served (our credentials
 * are named {@code credential:<id>}, an identity provider's token by its subject), read where a
 * chained record is created so it goes into the record's hashed content.
 */
public final class Actor {
    /** Acts of the service itself (the rules folder published at the first start, for one). */
    public static final String SYSTEM = "system";

    private Actor() {
    }

    /** The identity of the request being served, if any. */
    public static Optional<String> ofRequest() {
        return ServerRequestContext.currentRequest()
                .flatMap(r -> r.getUserPrincipal(Authentication.class))
                .map(Authentication::getName);
    }

    /** The identity of the request being served, or the given one (a command-line tool, the system). */
    public static String current(String otherwise) {
        return ofRequest().orElse(otherwise);
    }

    /** Acts on the service's host without a request (a command-line tool, a first start): the operating-system user. */
    public static String host() {
        return "host:" + System.getProperty("user.name", "unknown");
    }
}
