package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 18: fewer bytes a decision. The three SHA-256 hashes of a chain entry (content_hash,
 * prev_hash, chain_hash) are stored as their 32 bytes instead of 64 hex characters: about 100 B
 * less a decision, which pays for the cheaper zstd level of {@code kcbx.system.StoredJson}. The
 * hashes the chain computes are unchanged (hex text, as ChainHash has always made them); only the
 * column holds them in fewer bytes, so every chain verifies after this exactly as before it.
 *
 * <p>A stored hash that is not 64 lowercase hex characters (edited around the service: the chain
 * never wrote one) is not made into bytes that might pass: it is stored as no bytes at all
 * (VARBINARY, not BINARY, which would pad it to 32 zero bytes, the legacy chain's genesis), reads
 * as "" (kcbx.audit.ChainHash#read) and verify names its record, as it named it before.
 *
 * <p>A Java migration because H2 has no UNHEX: on MySQL/MariaDB one INSERT ... SELECT on the
 * server converts the rows; elsewhere (H2) they are read and written back a thousand at a time.
 * The table is rebuilt (new table, copy, drop, rename, as V21 and V22 did) so that MariaDB writes
 * every row once. Table-level grants on audit_chain (docs/audit-integrity.md) are by name in MySQL
 * and MariaDB and hold for the rebuilt table.
 */
public class V23__chain_hashes_as_bytes extends BaseJavaMigration {
    private static final String COLUMNS = "chain_name, seq, record_type, record_id, recorded_at_ms, content_hash,"
            + " prev_hash, chain_hash";
    private static final int PAGE = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit_chain_v23 ("
                    + " chain_name     VARCHAR(32)   NOT NULL,"
                    + " seq            BIGINT        NOT NULL,"
                    + " record_type    VARCHAR(32)   NOT NULL,"
                    + " record_id      VARCHAR(64)   NOT NULL,"
                    + " recorded_at_ms BIGINT        NOT NULL,"
                    + " content_hash   VARBINARY(32) NOT NULL,"
                    + " prev_hash      VARBINARY(32) NOT NULL,"
                    + " chain_hash     VARBINARY(32) NOT NULL,"
                    + " PRIMARY KEY (chain_name, seq))");
        }
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("mysql") || product.contains("mariadb")) {
            copyOnTheServer(c);
        } else {
            copyInPages(c);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE audit_chain");
            s.execute("ALTER TABLE audit_chain_v23 RENAME TO audit_chain");
            s.execute("ALTER TABLE audit_chain ADD CONSTRAINT uk_audit_chain_record UNIQUE (record_type, record_id)");
            s.execute("CREATE INDEX ix_audit_chain_recorded ON audit_chain (chain_name, recorded_at_ms, seq)");
        }
    }

    private static void copyOnTheServer(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO audit_chain_v23 (" + COLUMNS + ") SELECT chain_name, seq, record_type,"
                    + " record_id, recorded_at_ms, " + unhex("content_hash") + ", " + unhex("prev_hash") + ", "
                    + unhex("chain_hash") + " FROM audit_chain ORDER BY chain_name, seq");
        }
    }

    /** The bytes of a hex hash column, or none when it is not exactly 64 lowercase hex characters. */
    private static String unhex(String column) {
        // CAST AS BINARY: compared byte for byte, not under the column's case-insensitive collation;
        // UNHEX is NULL for any character that is not a hex digit
        return "CASE WHEN CHAR_LENGTH(" + column + ") = 64 AND CAST(" + column + " AS BINARY) = CAST(LOWER(" + column
                + ") AS BINARY) AND UNHEX(" + column + ") IS NOT NULL THEN UNHEX(" + column + ") ELSE CAST('' AS BINARY) END";
    }

    private static void copyInPages(Connection c) throws SQLException {
        String chain = "";
        long seq = Long.MIN_VALUE;
        try (PreparedStatement read = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_chain"
                + " WHERE chain_name > ? OR (chain_name = ? AND seq > ?) ORDER BY chain_name, seq LIMIT " + PAGE);
             PreparedStatement write = c.prepareStatement("INSERT INTO audit_chain_v23 (" + COLUMNS + ")"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            while (true) {
                read.setString(1, chain);
                read.setString(2, chain);
                read.setLong(3, seq);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        chain = rs.getString(1);
                        seq = rs.getLong(2);
                        write.setString(1, chain);
                        write.setLong(2, seq);
                        write.setString(3, rs.getString(3));
                        write.setString(4, rs.getString(4));
                        write.setLong(5, rs.getLong(5));
                        for (int k = 6; k <= 8; k++) {
                            write.setBytes(k, bytes(rs.getString(k)));
                        }
                        write.addBatch();
                    }
                }
                if (rows == 0) {
                    return;
                }
                write.executeBatch();
            }
        }
    }

    /**
     * The rule of kcbx.audit.ChainHash#stored, kept here on purpose: a migration must do tomorrow
     * what it did when it was written, whatever the service's code becomes.
     */
    static byte[] bytes(String hex) {
        if (hex == null || hex.length() != 64) {
            return new byte[0];
        }
        for (int i = 0; i < 64; i++) {
            char ch = hex.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return new byte[0];
            }
        }
        return HexFormat.of().parseHex(hex);
    }
}
