package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Migration V9 on a database that already holds decisions and their V6 report rows (H2, and the
 * MariaDB server in the mariadb execution): every row survives, keyed again from its stored
 * decision, and the two schools' children of one id read back as two students.
 */
@Tag("db")
class ReportIndexRekeyMigrationTest {
    private static final boolean MARIADB = String.valueOf(System.getProperty("micronaut.environments")).contains("mariadb");

    @Test
    void rowsStoredBeforeV9AreKeyedBySchoolAndStudentFromTheirStoredDecisions() throws SQLException {
        String url = freshDatabase("v9");
        String user = user();
        String password = password();
        migrate(url, "8");
        long a;
        long b;
        long none;
        long lost;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(true);
            // as the V6 code wrote them: a school's row, another school's row for the same id, a row of
            // no school (NULL), and a row whose school was lost behind the service's back (the stored
            // decision still names it)
            a = decision(c, "s-1", "scope-a", "甲同学");
            b = decision(c, "s-1", "scope-b", "乙同学");
            none = decision(c, "s-1", null, "丙同学");
            lost = decision(c, "s-2", "scope-a", "丁同学");
            oldRows(c, a, "s-1", "scope-a");
            oldRows(c, b, "s-1", "scope-b");
            oldRows(c, none, "s-1", null);
            oldRows(c, lost, "s-2", null);
        }

        migrate(url, null);

        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(true);
            assertEquals(List.of(List.of(a, "scope-a", "s-1"), List.of(b, "scope-b", "s-1"), List.of(none, "", "s-1"),
                    List.of(lost, "scope-a", "s-2")), rows(c, "SELECT decision_pk, school_id, student_id FROM report_decision ORDER BY decision_pk"));
            assertEquals(rows(c, "SELECT decision_pk, school_id, student_id FROM report_decision ORDER BY decision_pk"),
                    rows(c, "SELECT decision_pk, school_id, student_id FROM decision_ledger ORDER BY decision_pk"));

            ReportSql sql = new ReportSql(JsonMapper.createDefault());
            LocalDate end = LocalDate.parse("2025-09-30");
            List<ReportSql.StudentKey> students = sql.everOnLedger(c, "DROPOUT_LEDGER", Scope.of(null, "镇"), end);
            assertEquals(List.of(new ReportSql.StudentKey("", "s-1"), new ReportSql.StudentKey("scope-a", "s-1"),
                    new ReportSql.StudentKey("scope-a", "s-2"), new ReportSql.StudentKey("scope-b", "s-1")), students);
            Map<ReportSql.StudentKey, List<ReportSql.Step>> histories = sql.histories(c, "DROPOUT_LEDGER", students, end);
            assertEquals(List.of(b), histories.get(new ReportSql.StudentKey("scope-b", "s-1")).stream().map(ReportSql.Step::pk).toList(),
                    "school B's child's history holds B's decision only");
            assertEquals(List.of(a), histories.get(new ReportSql.StudentKey("scope-a", "s-1")).stream().map(ReportSql.Step::pk).toList());
            assertEquals(List.of("s-1", "s-2"), sql.everOnLedger(c, "DROPOUT_LEDGER", Scope.of("scope-a", null), end)
                    .stream().map(ReportSql.StudentKey::studentId).toList());

            // the key column no longer takes NULL: "no school" is '' (ReportIndexRows.NO_SCHOOL), never a second spelling
            assertThrows(SQLException.class, () -> update(c, "INSERT INTO report_decision (decision_pk, student_id, school_id,"
                    + " township, as_of, standing) VALUES (999999, 's-9', NULL, '镇', '2025-09-12', 'IN_SCHOOL')"));
        }
    }

    /** A new empty database (H2 in memory, or a database on the MariaDB server) named with this suffix. */
    static String freshDatabase(String suffix) throws SQLException {
        String name = env("KCBX_TEST_DB_NAME", "kcbx_test") + "_" + suffix;
        if (!MARIADB) {
            return "jdbc:h2:mem:kcbx-" + suffix + "-" + UUID.randomUUID()
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        }
        String server = "jdbc:mysql://" + env("KCBX_TEST_DB_HOST", "127.0.0.1") + ":" + env("KCBX_TEST_DB_PORT", "3306") + "/";
        try (Connection c = DriverManager.getConnection(server, env("KCBX_TEST_DB_USER", "root"), env("KCBX_TEST_DB_PASSWORD", ""))) {
            update(c, "DROP DATABASE IF EXISTS " + name);
            update(c, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return server + name + "?characterEncoding=UTF-8&connectionTimeZone=UTC";
    }

    static String user() {
        return MARIADB ? env("KCBX_TEST_DB_USER", "root") : "sa";
    }

    static String password() {
        return MARIADB ? env("KCBX_TEST_DB_PASSWORD", "") : "";
    }

    /** Applies the migrations up to this version (null: all of them). */
    static void migrate(String url, String target) {
        var flyway = Flyway.configure().dataSource(url, user(), password()).locations("classpath:db/migration");
        (target == null ? flyway : flyway.target(target)).load().migrate();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    static long decision(Connection c, String student, String school, String name) throws SQLException {
        String decisionId = UUID.randomUUID().toString();
        String request = "{\"profile\":\"baseline\",\"asOf\":\"2025-09-12\",\"student\":{\"id\":\"" + student + "\""
                + (school == null ? "" : ",\"schoolId\":\"" + school + "\"") + ",\"township\":\"镇\",\"name\":\"" + name + "\"}}";
        String decision = "{\"decisionId\":\"" + decisionId + "\",\"studentId\":\"" + student + "\""
                + (school == null ? "" : ",\"schoolId\":\"" + school + "\"")
                + ",\"flags\":[{\"code\":\"DROPOUT\",\"reason\":\"r\",\"since\":\"2025-09-12\"}],\"ledgers\":[\"DROPOUT_LEDGER\"]}";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_record (decision_id, student_id, school_id, profile,"
                + " as_of, ruleset_version, risk_level, decided_at_ms, request_json, decision_json)"
                + " VALUES (?, ?, ?, 'baseline', '2025-09-12', 'v', 'HIGH', 0, ?, ?)", new String[] {"id"})) {
            ps.setString(1, decisionId);
            ps.setString(2, student);
            ps.setString(3, school);
            ps.setString(4, request);
            ps.setString(5, decision);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void oldRows(Connection c, long pk, String student, String school) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_decision (decision_pk, student_id, school_id,"
                + " township, as_of, standing) VALUES (?, ?, ?, '镇', '2025-09-12', 'DROPPED_OUT')")) {
            ps.setLong(1, pk);
            ps.setString(2, student);
            ps.setString(3, school);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision_ledger (ledger, decision_pk, student_id, school_id,"
                + " township, as_of) VALUES ('DROPOUT_LEDGER', ?, ?, ?, '镇', '2025-09-12')")) {
            ps.setLong(1, pk);
            ps.setString(2, student);
            ps.setString(3, school);
            ps.executeUpdate();
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(List.of(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    static void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
