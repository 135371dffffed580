-- InnoDB bytes per decision of the tables a decision writes, and of narrower shapes of them, on
-- MariaDB with 100,000 decisions of the benchmark's shape (6 flags, 3 ledgers, request and decision
-- frames of 206 B and 896 B: the shipped zstd dictionaries on the benchmark's student). Scratch
-- database kcbx_dict_measure, dropped at the end. Run: mysql -h127.0.0.1 -uroot < bench/stored-bytes-shapes.sql
DROP DATABASE IF EXISTS kcbx_dict_measure;
CREATE DATABASE kcbx_dict_measure;
USE kcbx_dict_measure;
-- the shapes after V19 (V1, V2, V6, V8, V9, V10, V15, V18)
CREATE TABLE decision_record (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, decision_id VARCHAR(36) NOT NULL, student_id VARCHAR(128) NOT NULL,
    school_id VARCHAR(128), profile VARCHAR(32) NOT NULL, as_of DATE NOT NULL, ruleset_version VARCHAR(64) NOT NULL,
    risk_level VARCHAR(16) NOT NULL, decided_at_ms BIGINT NOT NULL, request_json LONGTEXT NULL, decision_json LONGTEXT NULL,
    acted_by VARCHAR(160), request_z LONGBLOB, decision_z LONGBLOB,
    CONSTRAINT uk_decision_record_decision_id UNIQUE (decision_id)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_decision_record_student ON decision_record (student_id, id);
CREATE INDEX ix_decision_record_school ON decision_record (school_id, id);
CREATE INDEX ix_decision_record_as_of ON decision_record (as_of, id);
CREATE INDEX ix_decision_record_profile ON decision_record (profile, id);
CREATE INDEX ix_decision_record_decided ON decision_record (decided_at_ms, id);
CREATE TABLE decision_flag (flag_code VARCHAR(40) NOT NULL, decision_pk BIGINT NOT NULL, school_id VARCHAR(128),
    PRIMARY KEY (flag_code, decision_pk)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_decision_flag_school ON decision_flag (flag_code, school_id, decision_pk);
CREATE TABLE report_decision (decision_pk BIGINT NOT NULL PRIMARY KEY, student_id VARCHAR(128) NOT NULL,
    school_id VARCHAR(128) NOT NULL, township VARCHAR(128), as_of DATE NOT NULL, standing VARCHAR(16) NOT NULL) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_report_decision_school ON report_decision (school_id, as_of);
CREATE INDEX ix_report_decision_township ON report_decision (township, as_of);
CREATE INDEX ix_report_decision_school_student ON report_decision (school_id, student_id, as_of, decision_pk);
CREATE TABLE decision_ledger (ledger VARCHAR(32) NOT NULL, decision_pk BIGINT NOT NULL, student_id VARCHAR(128) NOT NULL,
    school_id VARCHAR(128) NOT NULL, township VARCHAR(128), as_of DATE NOT NULL, PRIMARY KEY (ledger, decision_pk)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_decision_ledger_school ON decision_ledger (ledger, school_id, as_of, student_id);
CREATE INDEX ix_decision_ledger_township ON decision_ledger (ledger, township, as_of, school_id, student_id);
CREATE INDEX ix_decision_ledger_all ON decision_ledger (ledger, as_of, school_id, student_id);
CREATE TABLE audit_chain (chain_name VARCHAR(32) NOT NULL, seq BIGINT NOT NULL, record_type VARCHAR(32) NOT NULL,
    record_id VARCHAR(64) NOT NULL, recorded_at_ms BIGINT NOT NULL, content_hash VARCHAR(64) NOT NULL,
    prev_hash VARCHAR(64) NOT NULL, chain_hash VARCHAR(64) NOT NULL, PRIMARY KEY (chain_name, seq),
    CONSTRAINT uk_audit_chain_record UNIQUE (record_type, record_id)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_audit_chain_recorded ON audit_chain (chain_name, recorded_at_ms, seq);

CREATE TABLE codes (k INT PRIMARY KEY, flag VARCHAR(40), ledger VARCHAR(32));
INSERT INTO codes VALUES (1, 'ABSENT_UNEXCUSED', 'ENROLLED_ROSTER'), (2, 'AID_NOT_COVERED', 'SPECIAL_GROUP_LEDGER'),
  (3, 'CHRONIC_ABSENCE', 'SUSPECTED_DROPOUT_LEDGER'), (4, 'HOME_VISIT_OVERDUE', NULL), (5, 'PROLONGED_ABSENCE', NULL),
  (6, 'SUSPECTED_DROPOUT', NULL);

-- 200 transactions of 500 decisions, in the service's order: records, flags, report, ledgers, chain
DELIMITER //
CREATE PROCEDURE fill(n_tx INT)
BEGIN
  DECLARE t INT DEFAULT 0;
  WHILE t < n_tx DO
    START TRANSACTION;
    SET @from = (SELECT COALESCE(MAX(id), 0) FROM decision_record);
    INSERT INTO decision_record (decision_id, student_id, school_id, profile, as_of, ruleset_version, risk_level,
        decided_at_ms, acted_by, request_z, decision_z)
      SELECT UUID(), CONCAT('bench-', t * 500 + s.seq), CONCAT('school-', (t * 500 + s.seq) % 200), 'helan', '2026-01-09',
        'd4c823f1c456e90d1b2f54607a7d7bdc319dd88314146a22522ca93df23e74cf', 'CRITICAL', 1764770000000 + t * 500 + s.seq,
        'credential:0123456789abcdef', RANDOM_BYTES(206), RANDOM_BYTES(896)
      FROM seq_1_to_500 s ORDER BY s.seq;
    INSERT INTO decision_flag (flag_code, decision_pk, school_id)
      SELECT c.flag, d.id, d.school_id FROM decision_record d JOIN codes c WHERE d.id > @from ORDER BY d.id, c.flag;
    INSERT INTO report_decision (decision_pk, student_id, school_id, township, as_of, standing)
      SELECT d.id, d.student_id, d.school_id, NULL, d.as_of, 'IN_SCHOOL' FROM decision_record d WHERE d.id > @from ORDER BY d.id;
    INSERT INTO decision_ledger (ledger, decision_pk, student_id, school_id, township, as_of)
      SELECT c.ledger, d.id, d.student_id, d.school_id, NULL, d.as_of FROM decision_record d JOIN codes c
      WHERE d.id > @from AND c.ledger IS NOT NULL ORDER BY d.id, c.ledger;
    INSERT INTO audit_chain (chain_name, seq, record_type, record_id, recorded_at_ms, content_hash, prev_hash, chain_hash)
      SELECT 'helan', d.id, 'decision', d.decision_id, d.decided_at_ms, SHA2(RAND(), 256), SHA2(RAND(), 256), SHA2(RAND(), 256)
      FROM decision_record d WHERE d.id > @from ORDER BY d.id;
    COMMIT;
    SET t = t + 1;
  END WHILE;
END //
DELIMITER ;
CALL fill(200);
ANALYZE TABLE decision_record, decision_flag, report_decision, decision_ledger, audit_chain;
SELECT table_name, data_length, index_length, ROUND((data_length + index_length) / 100000) per_decision
  FROM information_schema.tables WHERE table_schema = 'kcbx_dict_measure' AND table_name <> 'codes' ORDER BY table_name;
-- audit_chain: hashes as BINARY(32) (and below: without prev_hash, the chain_hash of seq - 1)
CREATE TABLE chain_bin LIKE audit_chain;
ALTER TABLE chain_bin MODIFY content_hash BINARY(32) NOT NULL, MODIFY prev_hash BINARY(32) NOT NULL, MODIFY chain_hash BINARY(32) NOT NULL;
INSERT INTO chain_bin SELECT chain_name, seq, record_type, record_id, recorded_at_ms, UNHEX(content_hash), UNHEX(prev_hash), UNHEX(chain_hash) FROM audit_chain ORDER BY seq;
-- decision_flag: without ix_decision_flag_school; a SMALLINT code with the index; both
CREATE TABLE flag_noschoolix LIKE decision_flag;
DROP INDEX ix_decision_flag_school ON flag_noschoolix;
INSERT INTO flag_noschoolix SELECT * FROM decision_flag ORDER BY decision_pk, flag_code;
CREATE TABLE flag_code_int (flag_code SMALLINT NOT NULL, decision_pk BIGINT NOT NULL, school_id VARCHAR(128), PRIMARY KEY (flag_code, decision_pk)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_s ON flag_code_int (flag_code, school_id, decision_pk);
INSERT INTO flag_code_int SELECT c.k, f.decision_pk, f.school_id FROM decision_flag f JOIN codes c ON c.flag = f.flag_code ORDER BY f.decision_pk, c.k;
CREATE TABLE flag_code_int_schoolpk (flag_code SMALLINT NOT NULL, school_id VARCHAR(128) NOT NULL, decision_pk BIGINT NOT NULL, PRIMARY KEY (flag_code, school_id, decision_pk)) DEFAULT CHARSET=utf8mb4;
INSERT INTO flag_code_int_schoolpk SELECT c.k, f.school_id, f.decision_pk FROM decision_flag f JOIN codes c ON c.flag = f.flag_code ORDER BY f.decision_pk, c.k;
-- decision_ledger: a TINYINT ledger code; without ix_decision_ledger_all
CREATE TABLE ledger_code_int (ledger TINYINT NOT NULL, decision_pk BIGINT NOT NULL, student_id VARCHAR(128) NOT NULL,
    school_id VARCHAR(128) NOT NULL, township VARCHAR(128), as_of DATE NOT NULL, PRIMARY KEY (ledger, decision_pk)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_a ON ledger_code_int (ledger, school_id, as_of, student_id);
CREATE INDEX ix_b ON ledger_code_int (ledger, township, as_of, school_id, student_id);
CREATE INDEX ix_c ON ledger_code_int (ledger, as_of, school_id, student_id);
INSERT INTO ledger_code_int SELECT c.k, l.decision_pk, l.student_id, l.school_id, l.township, l.as_of FROM decision_ledger l JOIN codes c ON c.ledger = l.ledger ORDER BY l.decision_pk, c.k;
CREATE TABLE ledger_no_all LIKE decision_ledger;
DROP INDEX ix_decision_ledger_all ON ledger_no_all;
INSERT INTO ledger_no_all SELECT * FROM decision_ledger ORDER BY decision_pk, ledger;
-- decision_record: ruleset_version as an INT id; decision_id BINARY(16); without ix_decision_record_profile
CREATE TABLE record_narrow LIKE decision_record;
ALTER TABLE record_narrow MODIFY ruleset_version INT NOT NULL, MODIFY decision_id BINARY(16) NOT NULL;
DROP INDEX ix_decision_record_profile ON record_narrow;
INSERT INTO record_narrow SELECT id, UNHEX(REPLACE(decision_id, '-', '')), student_id, school_id, profile, as_of, 1, risk_level, decided_at_ms,
  request_json, decision_json, acted_by, request_z, decision_z FROM decision_record ORDER BY id;
CREATE TABLE record_noprofile LIKE decision_record;
DROP INDEX ix_decision_record_profile ON record_noprofile;
INSERT INTO record_noprofile SELECT * FROM decision_record ORDER BY id;
CREATE TABLE record_versionint LIKE decision_record;
ALTER TABLE record_versionint MODIFY ruleset_version INT NOT NULL;
INSERT INTO record_versionint SELECT id, decision_id, student_id, school_id, profile, as_of, 1, risk_level, decided_at_ms,
  request_json, decision_json, acted_by, request_z, decision_z FROM decision_record ORDER BY id;
ANALYZE TABLE chain_bin, flag_noschoolix, flag_code_int, flag_code_int_schoolpk, ledger_code_int, ledger_no_all, record_narrow, record_noprofile, record_versionint;
SELECT table_name, data_length, index_length, ROUND((data_length + index_length) / 100000) per_decision
  FROM information_schema.tables WHERE table_schema = 'kcbx_dict_measure' AND table_name <> 'codes' ORDER BY table_name;
SELECT index_name, ROUND(stat_value * @@innodb_page_size / 100000) bytes_per_decision, table_name FROM mysql.innodb_index_stats
  WHERE database_name = 'kcbx_dict_measure' AND stat_name = 'size' AND table_name IN ('decision_record', 'decision_flag', 'report_decision', 'decision_ledger', 'audit_chain') ORDER BY table_name, index_name;
CREATE TABLE chain_bin_noprev (chain_name VARCHAR(32) NOT NULL, seq BIGINT NOT NULL, record_type VARCHAR(32) NOT NULL,
    record_id VARCHAR(64) NOT NULL, recorded_at_ms BIGINT NOT NULL, content_hash BINARY(32) NOT NULL,
    chain_hash BINARY(32) NOT NULL, PRIMARY KEY (chain_name, seq),
    CONSTRAINT uk_r UNIQUE (record_type, record_id)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_r ON chain_bin_noprev (chain_name, recorded_at_ms, seq);
INSERT INTO chain_bin_noprev SELECT chain_name, seq, record_type, record_id, recorded_at_ms, content_hash, chain_hash FROM chain_bin ORDER BY seq;
-- the ledger with a TINYINT code and no ix_decision_ledger_all
CREATE TABLE ledger_int_no_all (ledger TINYINT NOT NULL, decision_pk BIGINT NOT NULL, student_id VARCHAR(128) NOT NULL,
    school_id VARCHAR(128) NOT NULL, township VARCHAR(128), as_of DATE NOT NULL, PRIMARY KEY (ledger, decision_pk)) DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_a ON ledger_int_no_all (ledger, school_id, as_of, student_id);
CREATE INDEX ix_b ON ledger_int_no_all (ledger, township, as_of, school_id, student_id);
INSERT INTO ledger_int_no_all SELECT * FROM ledger_code_int ORDER BY decision_pk, ledger;
-- flags: SMALLINT code, no school index
CREATE TABLE flag_int_noschoolix (flag_code SMALLINT NOT NULL, decision_pk BIGINT NOT NULL, school_id VARCHAR(128), PRIMARY KEY (flag_code, decision_pk)) DEFAULT CHARSET=utf8mb4;
INSERT INTO flag_int_noschoolix SELECT * FROM flag_code_int ORDER BY decision_pk, flag_code;
ANALYZE TABLE chain_bin_noprev, ledger_int_no_all, flag_int_noschoolix;
SELECT table_name, data_length, index_length, ROUND((data_length + index_length) / 100000) per_decision
  FROM information_schema.tables WHERE table_schema = 'kcbx_dict_measure' AND table_name IN ('chain_bin_noprev', 'ledger_int_no_all', 'flag_int_noschoolix');
DROP DATABASE kcbx_dict_measure;
