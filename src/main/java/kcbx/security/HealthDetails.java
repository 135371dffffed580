package kcbx.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.security.authentication.Authentication;

/**
 * {@code /health} is open to anyone so a load balancer can probe it, and says up or down. What
 * stands behind that answer (the database product and its state, disk space, each indicator's
 * findings) helps an attacker plan, so only an {@link Role#OPERATOR} sees it; every other caller,
 * whatever its other roles, gets the status alone.
 */
@ServerFilter({"/health", "/health/**"})
class HealthDetails {

    @ResponseFilter
    void statusOnlyUnlessOperator(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!(response.body() instanceof HealthResult health) || isOperator(request)) {
            return;
        }
        response.body(HealthResult.builder(health.getName(), health.getStatus()).build());
    }

    private static boolean isOperator(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class)
                .map(a -> a.getRoles().contains(Role.OPERATOR.name()))
                .orElse(false);
    }
}
