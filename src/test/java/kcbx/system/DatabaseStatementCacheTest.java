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
            long before = prepared(c);
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertEquals(600, ps.getParameterMetaData().getParameterCount());
                }
            }
            assertEquals(1, prepared(c) - before, "prepared on the server once, then taken from the connection's cache");
        }
    }

    @Test
    void rowsOfAnyCountAreWrittenWithAFewShapesOfStatement() throws SQLException {
        if (!configuration.getUrl().startsWith("jdbc:mysql:")) {
            return;
        }
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE slice_probe (n INT NOT NULL, i INT NOT NULL)");
            }
            long before = prepared(c);
            // every group size a group commit of 32 clients gives, each written once
            for (int n = 1; n <= 40; n++) {
                java.util.List<Integer> rows = java.util.stream.IntStream.range(0, n).boxed().toList();
                int count = n;
                Jdbc.insertRows(c, "INSERT INTO slice_probe (n, i) VALUES ", 2, rows, (ps, k, i) -> {
                    ps.setInt(++k, count);
                    ps.setInt(++k, i);
                    return k;
                });
            }
            assertEquals(6, prepared(c) - before, "1, 2, 4, 8, 16 and 32 rows: one prepare each, then kept");
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT n, i) FROM slice_probe")) {
                rs.next();
                assertEquals(40 * 41 / 2, rs.getInt(1), "every row written");
                assertEquals(40 * 41 / 2, rs.getInt(2), "each once");
            }
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
