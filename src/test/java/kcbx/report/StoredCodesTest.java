package kcbx.report;

import static kcbx.report.ReportIndexRekeyMigrationTest.decision;
import static kcbx.report.ReportIndexRekeyMigrationTest.freshDatabase;
import static kcbx.report.ReportIndexRekeyMigrationTest.migrate;
import static kcbx.report.ReportIndexRekeyMigrationTest.password;
import static kcbx.report.ReportIndexRekeyMigrationTest.user;
import static kcbx.report.ReportIndexRekeyMigrationTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.api.model.FlagCode;
import kcbx.api.model.Ledger;
import kcbx.store.StoredCodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * V21 and V22 on a database that holds ledger and flag rows by name (H2, and the MariaDB server in
 * the mariadb execution): every row keeps its ledger or flag as its number, the numbers are those
 * of {@link StoredCodes} and of the tables ledger_code and flag_code, every ledger and flag code of
 * the API has one, and a row whose name is none (written around the service) stays, as number 0,
 * which verify reads as no decision's row.
 */
@Tag("db")
class StoredCodesTest {

    @Test
    void everyLedgerAndFlagOfTheApiHasItsNumberInTheCodeAndInTheTable() throws SQLException {
        String url = freshDatabase("v21");
        String user = user();
        String password = password();
        migrate(url, "20");
        long pk;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(true);
            pk = decision(c, "s-1", "school-a", "甲同学");
            for (Ledger l : Ledger.values()) {
                oldLedgerRow(c, l.getValue(), pk);
            }
            oldLedgerRow(c, "FORGED_LEDGER", pk);
            for (FlagCode f : FlagCode.values()) {
                oldFlagRow(c, f.getValue(), pk);
            }
            oldFlagRow(c, "FORGED_FLAG", pk);
            oldFlagRow(c, "FORGED_TOO", pk);
        }

        migrate(url, null);

        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(true);
            Map<String, Integer> table = pairs(c, "SELECT ledger, code FROM " + StoredCodes.LEDGERS.table());
            assertEquals(new TreeMap<>(StoredCodes.LEDGERS.all()), table, "ledger_code holds the pairs StoredCodes holds");
            assertEquals(Arrays.stream(Ledger.values()).map(Ledger::getValue).sorted().toList(),
                    List.copyOf(table.keySet()), "every ledger of the API, and only those, has a number");
            Map<String, Integer> flags = pairs(c, "SELECT flag, code FROM " + StoredCodes.FLAGS.table());
            assertEquals(new TreeMap<>(StoredCodes.FLAGS.all()), flags, "flag_code holds the pairs StoredCodes holds");
            assertEquals(Arrays.stream(FlagCode.values()).map(FlagCode::getValue).sorted().toList(),
                    List.copyOf(flags.keySet()), "every flag code of the API, and only those, has a number");

            // each flag row kept its flag as its number; the forged names are one row of number 0
            Map<Long, List<String>> flagRows = new kcbx.store.FlagIndexRows().stored(c, List.of(pk));
            assertEquals(java.util.stream.Stream.concat(Arrays.stream(FlagCode.values()).map(FlagCode::getValue),
                    java.util.stream.Stream.of("?0")).sorted().toList(),
                    flagRows.get(pk).stream().map(r -> r.split("\\|")[0]).sorted().toList());
            assertThrows(SQLException.class, () -> update(c, "INSERT INTO decision_flag (flag_code, decision_pk, school_id)"
                    + " VALUES ('DROPOUT', 999999, 'school-a')"));

            // each row kept its ledger, as its code; the forged name is code 0, still there
            Map<Integer, String> stored = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ledger, student_id FROM decision_ledger WHERE decision_pk = ?")) {
                ps.setLong(1, pk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getInt(1), rs.getString(2));
                    }
                }
            }
            assertEquals(Ledger.values().length + 1, stored.size());
            assertEquals(0, stored.keySet().iterator().next());
            List<String> names = new ReportIndexCheck().stored(c, List.of(pk)).get(pk).stream()
                    .filter(r -> r.startsWith("ledger|")).map(r -> r.split("\\|")[1]).sorted().toList();
            assertEquals(java.util.stream.Stream.concat(Arrays.stream(Ledger.values()).map(Ledger::getValue), java.util.stream.Stream.of("?0"))
                    .sorted().toList(), names, "verify reads each code as its ledger, and code 0 as no ledger any decision lists");

            // the reports read the ledgers by code
            ReportSql sql = new ReportSql(JsonMapper.createDefault());
            assertEquals(List.of(new ReportSql.StudentKey("school-a", "s-1")),
                    sql.everOnLedger(c, "DROPOUT_LEDGER", Scope.of(null, null), LocalDate.parse("2025-09-30")));
            // the code column takes no name
            assertThrows(SQLException.class, () -> update(c, "INSERT INTO decision_ledger (ledger, decision_pk, student_id,"
                    + " school_id, township, as_of) VALUES ('DROPOUT_LEDGER', 999999, 's-9', 'school-a', NULL, '2025-09-12')"));
        }
    }

    private static Map<String, Integer> pairs(Connection c, String sql) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static void oldFlagRow(Connection c, String flag, long pk) throws SQLException {
        oldRow(c, "INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES (?, ?, 'school-a')", flag, pk);
    }

    private static void oldLedgerRow(Connection c, String ledger, long pk) throws SQLException {
        oldRow(c, "INSERT INTO decision_ledger (ledger, decision_pk, student_id, school_id, township, as_of)"
                + " VALUES (?, ?, 's-1', 'school-a', '镇', '2025-09-12')", ledger, pk);
    }

    /** A row as written before V21/V22: its code by name. */
    private static void oldRow(Connection c, String insert, String name, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, name);
            ps.setLong(2, pk);
            ps.executeUpdate();
        }
    }
}
