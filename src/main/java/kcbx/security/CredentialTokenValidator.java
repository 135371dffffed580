package kcbx.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Checks this service's own bearer tokens ({@code kcbx_...}); any other token is left to the
 * next validator (JWTs, when an identity provider is configured). Security filters run on the
 * event loop, so the look-up of the credential's row (every request: see {@link Credentials}) is
 * moved to the blocking pool; a token of the wrong shape is refused in place.
 */
@Singleton
class CredentialTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final Credentials credentials;
    private final ExecutorService blocking;

    CredentialTokenValidator(Credentials credentials, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.credentials = credentials;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!Credentials.looksLikeOurs(token)) {
            return Publishers.empty();
        }
        if (Credentials.malformed(token)) {
            return Publishers.empty();
        }
        return Publishers.fromCompletableFuture(() -> {
            CompletableFuture<Authentication> result = new CompletableFuture<>();
            blocking.execute(() -> {
                try {
                    result.complete(credentials.authenticate(token).orElse(null));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e); // the StorageUnavailableException itself, so it maps to its 503
                }
            });
            return result;
        });
    }
}
