package kcbx.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Checks this service's own bearer tokens ({@code kcbx_...}); any other token is left to the
 * next validator (JWTs, when an identity provider is configured). Security filters run on the
 * event loop, so the look-up of the credential's row (every request: see {@link Credentials}) is
 * moved to the blocking pool; a token of the wrong shape is refused in place. A request for one
 * decision (exactly {@code POST /v1/decisions}: any other spelling is read as every other request)
 * is let in on the credential as last read, and its decision is recorded only if the credential
 * is still accepted then ({@link Credentials#rememberedForDecision}).
 */
@Singleton
class CredentialTokenValidator implements TokenValidator<HttpRequest<?>> {
    private static final String DECISIONS = "/v1/decisions";

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
        if (recordsADecision(request)) {
            Optional<Authentication> known = credentials.rememberedForDecision(token);
            if (known.isPresent()) {
                return Publishers.just(known.get()); // no read, no thread hop: checked again as it is recorded
            }
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

    /** The one route whose only effect is a decision recorded after its credential is read again. */
    static boolean recordsADecision(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.POST && DECISIONS.equals(request.getPath());
    }
}
