-- One audit chain per county (docs/galera.md, docs/audit-integrity.md). Runs unchanged on
-- MySQL/MariaDB and on H2 in MySQL mode.
--
-- Every chain entry names its chain; seq counts within the chain, so the key is (chain_name, seq)
-- and each chain has its own head row in audit_chain_head (created by the first append to it).
-- Entries written before this migration were all on the one chain 'audit': they keep that name
-- and their hashes (the link formula is unchanged, and the 'audit' chain starts from 64 zeros as
-- it always did), so they verify as they did. New records go to their county's chain; 'audit'
-- takes no more appends unless a deployment maps a profile to it.
ALTER TABLE audit_chain ADD COLUMN chain_name VARCHAR(32) NOT NULL DEFAULT 'audit' FIRST;
ALTER TABLE audit_chain ALTER COLUMN chain_name DROP DEFAULT;
ALTER TABLE audit_chain DROP PRIMARY KEY;
ALTER TABLE audit_chain ADD CONSTRAINT pk_audit_chain PRIMARY KEY (chain_name, seq);

-- recorded_at_ms never decreases along one chain's seq: a period is one stretch of each chain.
DROP INDEX ix_audit_chain_recorded ON audit_chain;
CREATE INDEX ix_audit_chain_recorded ON audit_chain (chain_name, recorded_at_ms, seq);

-- A database that never chained anything has nothing on 'audit' to keep.
DELETE FROM audit_chain_head WHERE chain_name = 'audit' AND last_seq = 0;
