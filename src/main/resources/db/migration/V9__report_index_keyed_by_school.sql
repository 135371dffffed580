-- Ledgers and reports know a student by (school_id, student_id), never by student_id alone: a
-- student id is the school system's own, and another school may give the same id to another
-- child (docs/scoping.md). The key is taken again from each row's stored decision; a decision that
-- names no school gets the key '' (kcbx.report.ReportIndexRows.NO_SCHOOL) so the key column is
-- never NULL and "the same student" is plain equality. Runs unchanged on MySQL/MariaDB and on H2
-- in MySQL mode.
UPDATE report_decision SET
    school_id = COALESCE((SELECT d.school_id FROM decision_record d WHERE d.id = report_decision.decision_pk), school_id, ''),
    student_id = COALESCE((SELECT d.student_id FROM decision_record d WHERE d.id = report_decision.decision_pk), student_id);
UPDATE decision_ledger SET
    school_id = COALESCE((SELECT d.school_id FROM decision_record d WHERE d.id = decision_ledger.decision_pk), school_id, ''),
    student_id = COALESCE((SELECT d.student_id FROM decision_record d WHERE d.id = decision_ledger.decision_pk), student_id);
ALTER TABLE report_decision MODIFY school_id VARCHAR(128) NOT NULL;
ALTER TABLE decision_ledger MODIFY school_id VARCHAR(128) NOT NULL;

-- a student's history in order, now within its school ("latest decision up to a date" is the last row of a range)
DROP INDEX ix_report_decision_student ON report_decision;
CREATE INDEX ix_report_decision_school_student ON report_decision (school_id, student_id, as_of, decision_pk);

-- who was ever on a ledger in a township or the county: distinct (school, student) pairs read from the index alone
DROP INDEX ix_decision_ledger_township ON decision_ledger;
CREATE INDEX ix_decision_ledger_township ON decision_ledger (ledger, township, as_of, school_id, student_id);
DROP INDEX ix_decision_ledger_all ON decision_ledger;
CREATE INDEX ix_decision_ledger_all ON decision_ledger (ledger, as_of, school_id, student_id);
