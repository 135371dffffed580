-- Issue 18: fewer bytes per decision. Two secondary indexes cost more than what they serve
-- (InnoDB bytes per decision after 100,000 decisions of the benchmark's shape, measured with
-- bench/stored-bytes-shapes.sql: ix_decision_flag_school 616 B, ix_decision_ledger_all 353 B, of
-- 4.7 KB in all).
-- * ix_decision_flag_school (flag_code, school_id, decision_pk): a flag search of one school now
--   reads decision_flag's primary key (flag_code, decision_pk) in id order and keeps the rows of
--   that school (school_id is in the clustered row: no join for the rows it skips). A page of one
--   school in a county of N schools reads about N pages' worth of small rows.
-- * ix_decision_ledger_all (ledger, as_of, school_id, student_id): a county-wide ledger report
--   reads every row of the ledger up to its date, which ix_decision_ledger_school (ledger,
--   school_id, as_of, student_id) serves as well.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
DROP INDEX ix_decision_flag_school ON decision_flag;
DROP INDEX ix_decision_ledger_all ON decision_ledger;
