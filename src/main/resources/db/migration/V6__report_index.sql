-- The read model of ledgers and reports, written by kcbx.report.ReportIndexSql in the transaction
-- that stores each decision, so reports read indexes instead of every decision's JSON.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.

-- One row per decision: who, where, the decision's asOf, and the student's standing for the term
-- summary (IN_SCHOOL, DROPPED_OUT, OUT_OF_SCHOOL, MOVED).
CREATE TABLE report_decision (
    decision_pk BIGINT      NOT NULL PRIMARY KEY,
    student_id  VARCHAR(64) NOT NULL,
    school_id   VARCHAR(64),
    township    VARCHAR(64),
    as_of       DATE        NOT NULL,
    standing    VARCHAR(16) NOT NULL
);

-- a student's history in order ("latest decision up to a date" is the last row of a range)
CREATE INDEX ix_report_decision_student ON report_decision (student_id, as_of, decision_pk);
CREATE INDEX ix_report_decision_school ON report_decision (school_id, as_of);
CREATE INDEX ix_report_decision_township ON report_decision (township, as_of);

-- One row per ledger a decision lists: who was ever on a ledger in a school or township.
CREATE TABLE decision_ledger (
    ledger      VARCHAR(32) NOT NULL,
    decision_pk BIGINT      NOT NULL,
    student_id  VARCHAR(64) NOT NULL,
    school_id   VARCHAR(64),
    township    VARCHAR(64),
    as_of       DATE        NOT NULL,
    PRIMARY KEY (ledger, decision_pk)
);

CREATE INDEX ix_decision_ledger_school ON decision_ledger (ledger, school_id, as_of, student_id);
CREATE INDEX ix_decision_ledger_township ON decision_ledger (ledger, township, as_of, student_id);
CREATE INDEX ix_decision_ledger_all ON decision_ledger (ledger, as_of, student_id);

-- Decisions stored before this migration are indexed at start-up (ReportBackfill), up to this id.
CREATE TABLE report_backfill (
    name   VARCHAR(32) NOT NULL PRIMARY KEY,
    max_pk BIGINT      NOT NULL,
    done_pk BIGINT     NOT NULL
);

INSERT INTO report_backfill (name, max_pk, done_pk)
SELECT 'decision', COALESCE(MAX(id), 0), 0 FROM decision_record;
