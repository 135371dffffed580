package kcbx.security;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.ReactiveSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;

/**
 * With JWT switched on and no signature configured, Micronaut Security accepts unsigned
 * ("alg": "none") tokens, so anyone could claim AUDITOR. This stops the start instead.
 */
@Context
@Requires(property = "micronaut.security.token.jwt.enabled", value = "true")
class JwtGuard {
    JwtGuard(BeanContext beans) {
        if (beans.getBeansOfType(SignatureConfiguration.class).isEmpty()
                && beans.getBeansOfType(ReactiveSignatureConfiguration.class).isEmpty()) {
            throw new ConfigurationException("micronaut.security.token.jwt.enabled is true but no signature is configured:"
                    + " set micronaut.security.token.jwt.signatures.jwks.<name>.url to the identity provider's JWKS.");
        }
    }
}
