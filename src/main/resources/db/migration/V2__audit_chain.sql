-- The audit chain, the flag index for search, and the archive of rule set versions.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode. Times are epoch milliseconds.

-- The hash chain over every audit record (decisions now; reconciliations and other record types
-- join it with their own record_type). seq is the position in the chain, given out under the lock
-- of the head row below, so it has no gaps; a record's chain_hash covers its content hash and the
-- chain_hash of seq - 1 (64 zeros before the first record). Rows are only ever inserted.
CREATE TABLE audit_chain (
    seq            BIGINT      NOT NULL PRIMARY KEY,
    record_type    VARCHAR(32) NOT NULL,
    record_id      VARCHAR(64) NOT NULL,
    recorded_at_ms BIGINT      NOT NULL,
    content_hash   VARCHAR(64) NOT NULL,
    prev_hash      VARCHAR(64) NOT NULL,
    chain_hash     VARCHAR(64) NOT NULL,
    CONSTRAINT uk_audit_chain_record UNIQUE (record_type, record_id)
);

-- recorded_at_ms never decreases along seq (the writer takes max(now, last)), so a period is one
-- contiguous stretch of the chain and can be found through this index.
CREATE INDEX ix_audit_chain_recorded ON audit_chain (recorded_at_ms, seq);

-- The head of the chain: one row, locked with SELECT ... FOR UPDATE by every append, which is what
-- serialises concurrent writers (under MariaDB's REPEATABLE READ a locking read sees the latest
-- committed head, not the transaction's snapshot).
CREATE TABLE audit_chain_head (
    chain_name          VARCHAR(32) NOT NULL PRIMARY KEY,
    last_seq            BIGINT      NOT NULL,
    last_hash           VARCHAR(64) NOT NULL,
    last_recorded_at_ms BIGINT      NOT NULL
);

INSERT INTO audit_chain_head (chain_name, last_seq, last_hash, last_recorded_at_ms)
VALUES ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- Rows stored before the chain existed: verify does not call them unchained. Anything above
-- max_pk that is not in the chain was written around the service.
CREATE TABLE audit_prechain (
    record_type VARCHAR(32) NOT NULL PRIMARY KEY,
    max_pk      BIGINT      NOT NULL
);

INSERT INTO audit_prechain (record_type, max_pk)
SELECT 'decision', COALESCE(MAX(id), 0) FROM decision_record;

-- The flags each decision raised, written in the decision's transaction, so that a search by flag
-- reads an index instead of every decision's JSON. school_id is repeated for flag + school searches.
CREATE TABLE decision_flag (
    flag_code   VARCHAR(40) NOT NULL,
    decision_pk BIGINT      NOT NULL,
    school_id   VARCHAR(64),
    PRIMARY KEY (flag_code, decision_pk)
);

CREATE INDEX ix_decision_flag_school ON decision_flag (flag_code, school_id, decision_pk);

-- Search pages newest first by id; these serve the filters V1's indexes (ix_decision_record_student,
-- ix_decision_record_school, ix_decision_record_as_of) do not.
CREATE INDEX ix_decision_record_profile ON decision_record (profile, id);
CREATE INDEX ix_decision_record_decided ON decision_record (decided_at_ms, id);

-- Every rule set version that was ever active, with its files, so a decision can be replayed
-- under the rules that made it. The version is RulesetSource's content hash of the files.
CREATE TABLE ruleset_version (
    version       VARCHAR(64)   NOT NULL PRIMARY KEY,
    created_at_ms BIGINT        NOT NULL,
    file_count    INT           NOT NULL,
    origin        VARCHAR(255)  NOT NULL,
    note          VARCHAR(1000)
);

CREATE TABLE ruleset_file (
    version     VARCHAR(64)  NOT NULL,
    path        VARCHAR(255) NOT NULL,
    content     LONGBLOB     NOT NULL,
    sha256      VARCHAR(64)  NOT NULL,
    PRIMARY KEY (version, path)
);
