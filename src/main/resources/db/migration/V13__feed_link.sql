-- Feed links (issue 15.6): a read-only URL for GET /v1/obligations.ics that a phone calendar can
-- subscribe to without a bearer header. Like api_credential (V5), only the SHA-256 of the secret
-- in the URL is kept; the secret is 256 random bits. A feed serves while it is unrevoked,
-- unexpired and its owner credential is itself accepted. Times are epoch milliseconds. Runs
-- unchanged on MySQL/MariaDB and on H2 in MySQL mode; label is twice the contract's 128
-- characters (H2 counts UTF-16 units, see V8).
CREATE TABLE feed_link (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    feed_id         VARCHAR(16)  NOT NULL,
    secret_sha256   VARCHAR(64)  NOT NULL,
    credential_id   VARCHAR(16)  NOT NULL,
    owner           VARCHAR(160) NOT NULL,
    profile         VARCHAR(32)  NOT NULL,
    role            VARCHAR(32),
    label           VARCHAR(256) NOT NULL,
    created_at_ms   BIGINT       NOT NULL,
    expires_at_ms   BIGINT       NOT NULL,
    revoked_at_ms   BIGINT,
    revoked_by      VARCHAR(160),
    CONSTRAINT uk_feed_link_feed_id UNIQUE (feed_id),
    CONSTRAINT uk_feed_link_secret UNIQUE (secret_sha256)
);

CREATE INDEX ix_feed_link_credential ON feed_link (credential_id, id);
