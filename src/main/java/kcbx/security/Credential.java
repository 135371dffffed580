package kcbx.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/**
 * One machine client's credential as stored: never the secret, only its SHA-256. Roles are
 * comma-separated; schools one per line, or {@value SchoolScope#ALL_SCHOOLS} for every school.
 * expiresAtMs is null only for a credential issued before credentials expired (V12).
 */
@MappedEntity("api_credential")
record Credential(
        @Id @GeneratedValue @Nullable Long id,
        @MappedProperty("credential_id") String credentialId,
        @MappedProperty("secret_sha256") String secretSha256,
        String label,
        String roles,
        String schools,
        @MappedProperty("created_at_ms") long createdAtMs,
        @MappedProperty("revoked_at_ms") @Nullable Long revokedAtMs,
        @MappedProperty("expires_at_ms") @Nullable Long expiresAtMs) {

    boolean revoked() {
        return revokedAtMs != null;
    }
}
