-- The zstd dictionaries stored JSON may be compressed with (kcbx.system.JsonDictionaries), kept
-- for as long as a frame written with one may be read: a frame names its dictionary by the id
-- zstd writes in its header (dict_id, 1 to 2^32 - 1), and an instance that does not know an id
-- reads it here. A row is only ever inserted (at start-up, from the dictionaries a build ships;
-- the same id with other bytes stops start-up). kind is what it was trained on: 'request' or
-- 'decision'; sha256 is of content, in hex; added_at_ms is epoch milliseconds.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
CREATE TABLE json_dictionary (
    dict_id     BIGINT      NOT NULL PRIMARY KEY,
    kind        VARCHAR(16) NOT NULL,
    content     LONGBLOB    NOT NULL,
    sha256      VARCHAR(64) NOT NULL,
    added_at_ms BIGINT      NOT NULL
);
