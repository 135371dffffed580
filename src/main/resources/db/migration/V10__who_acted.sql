-- Who acted, in the audit chain (docs/audit-integrity.md). Runs unchanged on MySQL/MariaDB and on
-- H2 in MySQL mode. Times are epoch milliseconds.

-- The identity of the credential that made each decision and reconciliation ('credential:<id>',
-- or a JWT's subject). Part of the chained canonical text whenever it is set; rows stored before
-- this migration keep NULL and the text they were chained with.
ALTER TABLE decision_record ADD COLUMN acted_by VARCHAR(160);
ALTER TABLE reconciliation ADD COLUMN acted_by VARCHAR(160);

-- Administrative acts on the service, each a record of the audit chain (record_type
-- 'admin_event'): rule set publications and roll backs, credentials issued, renewed or revoked.
-- detail_json is the act's canonical detail (never a secret); only ever inserted.
CREATE TABLE admin_event (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id       VARCHAR(36)  NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    acted_by       VARCHAR(160) NOT NULL,
    recorded_at_ms BIGINT       NOT NULL,
    detail_json    LONGTEXT     NOT NULL,
    CONSTRAINT uk_admin_event_event_id UNIQUE (event_id)
);

CREATE INDEX ix_admin_event_kind ON admin_event (kind, id);

-- every admin_event is chained from the first: none is pre-chain
INSERT INTO audit_prechain (record_type, max_pk) VALUES ('admin_event', 0);
