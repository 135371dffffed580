package kcbx.security;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface CredentialRepository extends GenericRepository<Credential, Long> {

    Credential save(Credential credential);

    Optional<Credential> findByCredentialId(String credentialId);

    List<Credential> findAllOrderById();

    @Query("UPDATE api_credential SET revoked_at_ms = :revokedAtMs WHERE credential_id = :credentialId AND revoked_at_ms IS NULL")
    long revoke(String credentialId, long revokedAtMs);

    @Query("UPDATE api_credential SET expires_at_ms = :expiresAtMs WHERE credential_id = :credentialId AND revoked_at_ms IS NULL")
    long renew(String credentialId, long expiresAtMs);

    long count();
}
