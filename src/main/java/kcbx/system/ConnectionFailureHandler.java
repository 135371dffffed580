package kcbx.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No database connection could be had (server down or unreachable; Hikari gave up after its
 * connection-timeout): a 503 with Retry-After wherever it escapes a store's own mapping
 * ({@link StorageFailure}), e.g. from a repository a controller calls directly.
 */
@Produces
@Singleton
public class ConnectionFailureHandler implements ExceptionHandler<ConnectionException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFailureHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConnectionException exception) {
        return unavailable(request, exception);
    }

    static HttpResponse<?> unavailable(HttpRequest<?> request, RuntimeException exception) {
        LOG.warn("{} {}: no database connection ({})", request.getMethodName(), request.getPath(),
                StorageFailure.describe(exception));
        return Problems.response(request, ProblemException.unavailable());
    }
}
