-- The request and decision JSON of a decision are stored zstd-compressed (UTF-8 text, one zstd
-- frame each) in request_z and decision_z; rows written before V18 keep their text columns and
-- are read from them. A reader takes the text column where a row has one, else the compressed
-- column, and the chain hashes that text, so a change to either column is found.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
ALTER TABLE decision_record ADD COLUMN request_z LONGBLOB;
ALTER TABLE decision_record ADD COLUMN decision_z LONGBLOB;
ALTER TABLE decision_record MODIFY request_json LONGTEXT NULL;
ALTER TABLE decision_record MODIFY decision_json LONGTEXT NULL;
