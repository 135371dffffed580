-- Bearer credentials of machine clients. Only a SHA-256 of the secret is kept: the secret is 256
-- random bits, so a slow password hash would add nothing but latency to every request.
-- roles: comma-separated role names. schools: the school ids a SCHOOL_SYSTEM serves, one per
-- line, or '*' for every school. Times are epoch milliseconds, like decision_record.
CREATE TABLE api_credential (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    credential_id   VARCHAR(16)  NOT NULL,
    secret_sha256   VARCHAR(64)  NOT NULL,
    label           VARCHAR(128) NOT NULL,
    roles           VARCHAR(255) NOT NULL,
    schools         LONGTEXT     NOT NULL,
    created_at_ms   BIGINT       NOT NULL,
    revoked_at_ms   BIGINT,
    CONSTRAINT uk_api_credential_credential_id UNIQUE (credential_id)
);
