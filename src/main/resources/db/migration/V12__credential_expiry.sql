-- Credentials expire (kcbx.security.credential-lifetime, 90 days by default) and are renewed with
-- CredentialsCli renew. Epoch milliseconds like the other times of this table. NULL only for a
-- credential issued before this migration: the service counts its lifetime from created_at_ms.
ALTER TABLE api_credential ADD COLUMN expires_at_ms BIGINT;
