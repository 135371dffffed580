-- Publishing rule sets: which version every instance must decide with, and who made it so.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode. Times are epoch milliseconds.

-- The active pointer: one row, locked with SELECT ... FOR UPDATE by every publication so two
-- publishers never interleave; every instance polls it and swaps to the version it names.
-- version is '' until the first instance starts and publishes its rules folder.
CREATE TABLE ruleset_active (
    pointer_name   VARCHAR(32) NOT NULL PRIMARY KEY,
    version        VARCHAR(64) NOT NULL,
    publication_id BIGINT      NOT NULL,
    changed_at_ms  BIGINT      NOT NULL
);

INSERT INTO ruleset_active (pointer_name, version, publication_id, changed_at_ms) VALUES ('active', '', 0, 0);

-- Every publication (a new version, a roll back, the rules folder at first start-up), only inserted.
-- The version's files are in ruleset_version / ruleset_file (V2).
CREATE TABLE ruleset_publication (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version          VARCHAR(64)   NOT NULL,
    previous_version VARCHAR(64),
    published_at_ms  BIGINT        NOT NULL,
    published_by     VARCHAR(128)  NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    scenarios_run    INT           NOT NULL,
    scenarios_passed INT           NOT NULL
);

CREATE INDEX ix_ruleset_publication_version ON ruleset_publication (version, id);
