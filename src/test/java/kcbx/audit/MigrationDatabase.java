package kcbx.audit;

import io.micronaut.context.env.Environment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A database of its own beside a test's, for a migration test to build in an older schema: a new
 * in-memory H2, or a second database on the MariaDB server (the test's name plus a suffix).
 */
record MigrationDatabase(String url, String user, String password, DataSource owner) {

    static MigrationDatabase beside(Environment environment, DataSource dataSource, String suffix) throws SQLException {
        String own = environment.getRequiredProperty("datasources.default.url", String.class);
        String user = environment.getProperty("datasources.default.username", String.class).orElse("sa");
        String password = environment.getProperty("datasources.default.password", String.class).orElse("");
        if (own.startsWith("jdbc:h2:")) {
            return new MigrationDatabase("jdbc:h2:mem:" + suffix + "-" + UUID.randomUUID() + ";MODE=MySQL;"
                    + "DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", user, password,
                    dataSource);
        }
        int slash = own.indexOf('/', "jdbc:mysql://".length());
        int query = own.indexOf('?', slash);
        String db = own.substring(slash + 1, query < 0 ? own.length() : query) + "_" + suffix;
        try (Connection c = PlainSqlConnections.open(dataSource); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
        }
        return new MigrationDatabase(own.substring(0, slash + 1) + db + (query < 0 ? "" : own.substring(query)), user,
                password, dataSource);
    }

    /** Flyway's migrations of the service up to this version (null: all). */
    void migrate(String target) {
        var config = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
        (target == null ? config : config.target(target)).load().migrate();
    }

    Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void drop() throws SQLException {
        if (url.startsWith("jdbc:h2:")) {
            try (Connection c = open(); Statement s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            }
            return;
        }
        int slash = url.indexOf('/', "jdbc:mysql://".length());
        int query = url.indexOf('?', slash);
        try (Connection c = PlainSqlConnections.open(owner); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + url.substring(slash + 1, query < 0 ? url.length() : query));
        }
    }
}
