-- Issue 18: fewer bytes per decision. decision_ledger names its ledger by a one-byte code instead
-- of its public name (up to 24 characters in the row and in each of its two secondary indexes;
-- about 300 B a decision of the benchmark's shape, 3 ledgers, measured with
-- bench/stored-bytes-shapes.sql). ledger_code says what each code means, for anyone reading the
-- table with SQL; kcbx.store.StoredCodes.LEDGERS holds the same pairs (StoredCodesTest checks
-- them against this table and against every ledger of the API). A code is never reused or
-- renumbered; a new ledger gets the next code in a new migration.
-- A row whose name is none of these (written around the service) keeps code 0, which names no
-- ledger: verify reports it as not the decision's own row instead of it being dropped here (one
-- such row a decision: rows of code 0 would share one key).
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
CREATE TABLE ledger_code (
    code   TINYINT     NOT NULL PRIMARY KEY,
    ledger VARCHAR(32) NOT NULL,
    CONSTRAINT uk_ledger_code_ledger UNIQUE (ledger)
);
INSERT INTO ledger_code (code, ledger) VALUES
    (1, 'ENROLLED_ROSTER'),
    (2, 'SUSPECTED_DROPOUT_LEDGER'),
    (3, 'DROPOUT_LEDGER'),
    (4, 'SPECIAL_GROUP_LEDGER'),
    (5, 'OUT_OF_SCHOOL_LEDGER');

CREATE TABLE decision_ledger_coded (
    ledger      TINYINT      NOT NULL,
    decision_pk BIGINT       NOT NULL,
    student_id  VARCHAR(128) NOT NULL,
    school_id   VARCHAR(128) NOT NULL,
    township    VARCHAR(128),
    as_of       DATE         NOT NULL,
    PRIMARY KEY (ledger, decision_pk)
);
INSERT INTO decision_ledger_coded (ledger, decision_pk, student_id, school_id, township, as_of)
    SELECT COALESCE(k.code, 0), l.decision_pk, MIN(l.student_id), MIN(l.school_id), MIN(l.township), MIN(l.as_of)
    FROM decision_ledger l LEFT JOIN ledger_code k ON k.ledger = l.ledger
    GROUP BY COALESCE(k.code, 0), l.decision_pk
    ORDER BY l.decision_pk;
DROP TABLE decision_ledger;
ALTER TABLE decision_ledger_coded RENAME TO decision_ledger;
CREATE INDEX ix_decision_ledger_school ON decision_ledger (ledger, school_id, as_of, student_id);
CREATE INDEX ix_decision_ledger_township ON decision_ledger (ledger, township, as_of, school_id, student_id);
