package kcbx.audit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import kcbx.system.Problems;

/** The HTTP edge of {@link RecordNotChainedException}: 409 record_not_chained. */
@Produces
@Singleton
public class RecordNotChainedHandler implements ExceptionHandler<RecordNotChainedException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, RecordNotChainedException e) {
        return Problems.response(request, HttpStatus.CONFLICT, "record_not_chained", "Record not in the audit chain",
                e.getMessage(), List.of());
    }
}
