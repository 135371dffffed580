-- Issue 18: fewer bytes per decision. decision_flag names its flag by a two-byte code instead of
-- its public name (up to 26 characters in the row; about 100 B a decision of the benchmark's
-- shape, 6 flags, measured with bench/stored-bytes-shapes.sql). flag_code says what each code
-- means, for anyone reading the table with SQL; kcbx.store.StoredCodes.FLAGS holds the same pairs
-- (StoredCodesTest checks them against this table and against every flag code of the API). A code
-- is never reused or renumbered; a new flag code gets the next code in a new migration.
-- A row whose name is none of these (written around the service) keeps code 0, which names no
-- flag: verify reports it as not the decision's own row instead of it being dropped here (one such
-- row a decision: rows of code 0 would share one key).
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
CREATE TABLE flag_code (
    code SMALLINT    NOT NULL PRIMARY KEY,
    flag VARCHAR(40) NOT NULL,
    CONSTRAINT uk_flag_code_flag UNIQUE (flag)
);
INSERT INTO flag_code (code, flag) VALUES
    (1, 'ABSENT_UNEXCUSED'),
    (2, 'SUSPECTED_DROPOUT'),
    (3, 'PROLONGED_ABSENCE'),
    (4, 'NOT_REPORTED_AT_TERM_START'),
    (5, 'DROPOUT'),
    (6, 'REGISTERED_NOT_ATTENDING'),
    (7, 'ATTENDING_NOT_REGISTERED'),
    (8, 'OUT_OF_SCHOOL'),
    (9, 'ENROLLMENT_AGE_REACHED'),
    (10, 'STUDYING_ELSEWHERE'),
    (11, 'RETURN_FOLLOW_UP'),
    (12, 'CHRONIC_ABSENCE'),
    (13, 'GUARDIANSHIP_GAP'),
    (14, 'HOME_TEACHING_OVERDUE'),
    (15, 'HOME_VISIT_OVERDUE'),
    (16, 'AID_NOT_COVERED'),
    (17, 'UNLAWFUL_EMPLOYMENT');

CREATE TABLE decision_flag_coded (
    flag_code   SMALLINT     NOT NULL,
    decision_pk BIGINT       NOT NULL,
    school_id   VARCHAR(128),
    PRIMARY KEY (flag_code, decision_pk)
);
INSERT INTO decision_flag_coded (flag_code, decision_pk, school_id)
    SELECT COALESCE(k.code, 0), f.decision_pk, MIN(f.school_id)
    FROM decision_flag f LEFT JOIN flag_code k ON k.flag = f.flag_code
    GROUP BY COALESCE(k.code, 0), f.decision_pk
    ORDER BY f.decision_pk;
DROP TABLE decision_flag;
ALTER TABLE decision_flag_coded RENAME TO decision_flag;
