package kcbx.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The HTTP edge of a storage failure: a 503 storage_unavailable problem with Retry-After, which
 * says what could not be done and never why (the SQL state stays in the log).
 */
@Produces
@Singleton
public class StorageUnavailableHandler implements ExceptionHandler<StorageUnavailableException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, StorageUnavailableException exception) {
        return Problems.response(request, problem(exception));
    }

    /** The problem a caller gets for {@code e}, also for one item of a batch answered inside a 200. */
    public static ProblemException problem(StorageUnavailableException e) {
        return switch (e.failed()) {
            case RECORD -> ProblemException.storageUnavailable();
            case READ -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "Decision store unavailable", e.what() + " could not be read; retry shortly.", List.of());
            case CREDENTIAL_CHECK -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "Credential store unavailable",
                    "The credential could not be checked because the database is unreachable; retry shortly.", List.of());
            case CONNECTION -> ProblemException.unavailable();
        };
    }
}
