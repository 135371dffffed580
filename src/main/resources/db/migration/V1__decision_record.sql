-- The decision log. Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
-- Times are epoch milliseconds (BIGINT): MariaDB behind Connector/J drops fractional seconds.
CREATE TABLE decision_record (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    decision_id     VARCHAR(36)  NOT NULL,
    student_id      VARCHAR(64)  NOT NULL,
    school_id       VARCHAR(64),
    profile         VARCHAR(32)  NOT NULL,
    as_of           DATE         NOT NULL,
    ruleset_version VARCHAR(64)  NOT NULL,
    risk_level      VARCHAR(16)  NOT NULL,
    decided_at_ms   BIGINT       NOT NULL,
    request_json    LONGTEXT     NOT NULL,
    decision_json   LONGTEXT     NOT NULL,
    CONSTRAINT uk_decision_record_decision_id UNIQUE (decision_id)
);

CREATE INDEX ix_decision_record_student ON decision_record (student_id, id);
CREATE INDEX ix_decision_record_school ON decision_record (school_id, id);
CREATE INDEX ix_decision_record_as_of ON decision_record (as_of, id);
