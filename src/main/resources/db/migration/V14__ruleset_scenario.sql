-- The scenarios a rule set version was published with, so that the next publication must pass them
-- too (issue 15.4: a publisher cannot choose a convenient subset). Runs unchanged on MySQL/MariaDB
-- and on H2 in MySQL mode. Times are epoch milliseconds. Rows are only ever inserted.
--
-- The rows of one version are the whole set it was published with: those bound to the version it
-- replaced, overlaid by those its publisher sent (a sent path replaces the bound one of that path,
-- recorded here and in the audit chain). A version with no rows (the rules folder published at a
-- start) is bound by the set of the version it first replaced. first_version is the version the
-- content was first stored with, which a refusal names. Paths are twice the contract's 255
-- characters: H2 counts UTF-16 units (see V8).
CREATE TABLE ruleset_scenario (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    version        VARCHAR(64)  NOT NULL,
    path           VARCHAR(510) NOT NULL,
    content_sha256 VARCHAR(64)  NOT NULL,
    content        LONGTEXT     NOT NULL,
    first_version  VARCHAR(64)  NOT NULL,
    stored_at_ms   BIGINT       NOT NULL,
    stored_by      VARCHAR(160) NOT NULL
);

CREATE INDEX ix_ruleset_scenario_version ON ruleset_scenario (version, id);
