-- Registry reconciliations (四查三比对). Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
-- A county's reconciliation can hold hundreds of thousands of findings: each is its own row
-- (one JSON text of a few hundred bytes), so no statement or packet ever carries the whole
-- result (MariaDB's max_allowed_packet) and pages are read with an index.
-- Times are epoch milliseconds (BIGINT): MariaDB behind Connector/J drops fractional seconds.
CREATE TABLE reconciliation (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    reconciliation_id VARCHAR(36)  NOT NULL,
    profile           VARCHAR(32)  NOT NULL,
    as_of             DATE         NOT NULL,
    ruleset_version   VARCHAR(64)  NOT NULL,
    created_at_ms     BIGINT       NOT NULL,
    finding_count     BIGINT       NOT NULL,
    summary_json      LONGTEXT     NOT NULL,
    CONSTRAINT uk_reconciliation_id UNIQUE (reconciliation_id)
);

CREATE TABLE reconciliation_finding (
    reconciliation_pk BIGINT       NOT NULL,
    seq               BIGINT       NOT NULL,
    sort_key          BIGINT       NOT NULL,
    code              VARCHAR(32)  NOT NULL,
    finding_json      LONGTEXT     NOT NULL,
    CONSTRAINT pk_reconciliation_finding PRIMARY KEY (reconciliation_pk, seq),
    CONSTRAINT fk_reconciliation_finding FOREIGN KEY (reconciliation_pk) REFERENCES reconciliation (id)
);

CREATE INDEX ix_reconciliation_finding_order ON reconciliation_finding (reconciliation_pk, sort_key, seq);
