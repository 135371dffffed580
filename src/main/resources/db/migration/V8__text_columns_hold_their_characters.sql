-- A text field the contract allows 64 characters (student.id, student.schoolId, student.township;
-- publishedBy 128, reason 1000) may hold 64 characters outside the Basic Multilingual Plane, such
-- as 🧒 or 𠀋. MariaDB/MySQL count a VARCHAR's length in characters; H2 counts UTF-16 units, two
-- for each such character, and refused those rows (the fuzz test found it). Twice the contract's
-- length fits both. Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
ALTER TABLE decision_record MODIFY student_id VARCHAR(128) NOT NULL;
ALTER TABLE decision_record MODIFY school_id VARCHAR(128);
ALTER TABLE decision_flag MODIFY school_id VARCHAR(128);
ALTER TABLE report_decision MODIFY student_id VARCHAR(128) NOT NULL;
ALTER TABLE report_decision MODIFY school_id VARCHAR(128);
ALTER TABLE report_decision MODIFY township VARCHAR(128);
ALTER TABLE decision_ledger MODIFY student_id VARCHAR(128) NOT NULL;
ALTER TABLE decision_ledger MODIFY school_id VARCHAR(128);
ALTER TABLE decision_ledger MODIFY township VARCHAR(128);
ALTER TABLE ruleset_publication MODIFY published_by VARCHAR(256) NOT NULL;
ALTER TABLE ruleset_publication MODIFY reason VARCHAR(2000) NOT NULL;
