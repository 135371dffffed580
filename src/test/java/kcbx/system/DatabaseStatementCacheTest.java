package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On MySQL/MariaDB the service prepares its statements on the server and keeps them per
 * connection, long ones included (the write path's multi-row INSERTs are some 3,000 characters,
 * over Connector/J's default limit of 256 for a statement it keeps): preparing the same long
 * statement twice on one connection prepares it on the server once. The embedded H2 gets none of
 * these settings (it refuses properties it does not know).
 */
@MicronautTest(transactional = false)
@Tag("db")
class DatabaseStatementCacheTest {
    @Inject
    DataSource dataSource;

    @Inject
    @Named("default")
    DatasourceConfiguration configuration;

    @Test
    void aLongStatementIsPreparedOnTheServerOncePerConnection() throws SQLException {
        String url = configuration.getUrl();
        if (!url.startsWith("jdbc:mysql:")) {
            DatabaseSettings.STATEMENT_CACHE.keySet().forEach(p ->
                    assertFalse(configuration.getDataSourceProperties().containsKey(p), p + " on " + url));
            return;
        }
        DatabaseSettings.STATEMENT_CACHE.forEach((p, v) ->
                assertEquals(v, configuration.getDataSourceProperties().get(p), p));
        String sql = Jdbc.multiRowInsert("INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES ", 3, 200);
        assertEquals(true, sql.length() > 2_000, "a statement as long as the write path's");
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            long before = status(c, "Com_stmt_prepare");
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertEquals(600, ps.getParameterMetaData().getParameterCount());
                }
            }
            assertEquals(1, status(c, "Com_stmt_prepare") - before, "prepared on the server once, then taken from the connection's cache");
        }
    }

    @Test
    void aGroupOfUpTo64RowsIsOneStatementAndEveryShapeStaysPrepared() throws SQLException {
        if (!configuration.getUrl().startsWith("jdbc:mysql:")) {
            return;
        }
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE slice_probe (pass INT NOT NULL, n INT NOT NULL, i INT NOT NULL)");
            }
            long prepared = status(c, "Com_stmt_prepare");
            long executed = status(c, "Com_stmt_execute");
            // every group size up to Jdbc.EXACT_ROWS, twice: the second pass finds each shape kept
            for (int pass = 0; pass < 2; pass++) {
                for (int n = 1; n <= Jdbc.EXACT_ROWS; n++) {
                    java.util.List<Integer> rows = java.util.stream.IntStream.range(0, n).boxed().toList();
                    int count = n;
                    int p = pass;
                    Jdbc.insertRows(c, "INSERT INTO slice_probe (pass, n, i) VALUES ", 3, rows, (ps, k, i) -> {
                        ps.setInt(++k, p);
                        ps.setInt(++k, count);
                        ps.setInt(++k, i);
                        return k;
                    });
                }
            }
            assertEquals(Jdbc.EXACT_ROWS, status(c, "Com_stmt_prepare") - prepared,
                    "each count prepared on the server once, then kept in the connection's cache");
            assertEquals(2L * Jdbc.EXACT_ROWS, status(c, "Com_stmt_execute") - executed, "one statement a group");
            // beyond it, powers of two: 100 rows are 64 + 36
            java.util.List<Integer> hundred = java.util.stream.IntStream.range(0, 100).boxed().toList();
            long before = status(c, "Com_stmt_execute");
            Jdbc.insertRows(c, "INSERT INTO slice_probe (pass, n, i) VALUES ", 3, hundred, (ps, k, i) -> {
                ps.setInt(++k, 2);
                ps.setInt(++k, 100);
                ps.setInt(++k, i);
                return k;
            });
            assertEquals(2, status(c, "Com_stmt_execute") - before, "100 rows: 64 and 36");
            int all = 2 * (Jdbc.EXACT_ROWS * (Jdbc.EXACT_ROWS + 1) / 2) + 100;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT pass, n, i) FROM slice_probe")) {
                rs.next();
                assertEquals(all, rs.getInt(1), "every row written");
                assertEquals(all, rs.getInt(2), "each once");
            }
        }
    }

    /** A session status counter of this connection. */
    private static long status(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** How many statements this connection has prepared on the server. */
    private static long prepared(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'")) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
