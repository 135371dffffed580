package kcbx.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.WwwAuthenticateChallengeProvider;
import jakarta.inject.Singleton;

/** Tells a refused caller which scheme to use (RFC 6750); basic authentication is switched off. */
@Singleton
class BearerChallenge implements WwwAuthenticateChallengeProvider<HttpRequest<?>> {
    @Override
    public String getWwwAuthenticateChallenge(HttpRequest<?> request) {
        return "Bearer realm=\"kcbx-decision\"";
    }
}
