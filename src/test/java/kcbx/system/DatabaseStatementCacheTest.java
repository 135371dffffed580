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
        // the driver's 25 statements a connection: 256 held a fifth of the heap in statement metadata
        assertFalse(configuration.getDataSourceProperties().containsKey("prepStmtCacheSize"));
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

    /** How many statements this connection has prepared on the server. */
    private static long prepared(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'")) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
