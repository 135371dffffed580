package kcbx.system;

import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The JDBC form of {@link ConnectionFailureHandler}'s failure: also a 503 with Retry-After. */
@Produces
@Singleton
public class JdbcConnectionFailureHandler implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, CannotGetJdbcConnectionException exception) {
        return ConnectionFailureHandler.unavailable(request, exception);
    }
}
