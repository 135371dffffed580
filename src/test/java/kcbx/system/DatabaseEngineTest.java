package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.env.Environment;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database tests run twice: on H2 and, in the "mariadb" run, on the MariaDB server through
 * MySQL Connector/J. This test makes sure the second run really talks to MariaDB (an earlier
 * configuration silently fell back to H2) and that the schema is stored as the service needs it.
 */
@MicronautTest(transactional = false)
@Tag("db")
class DatabaseEngineTest {
    @Inject
    DataSource dataSource;

    @Inject
    Environment environment;

    @Test
    void theMariadbRunUsesMariadbThroughConnectorJ() throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            System.out.println("Database of this run: " + product + " via " + meta.getDriverName() + " (" + meta.getURL() + ")");
            if (environment.getActiveNames().contains("mariadb")) {
                assertTrue(meta.getDriverName().startsWith("MySQL Connector/J"), meta.getDriverName());
                assertTrue(meta.getURL().startsWith("jdbc:mysql://"), meta.getURL());
                assertTrue(product.contains("MariaDB") || product.startsWith("MySQL"), product);
                // decisions carry Chinese reasons and names: the tables must store 4-byte UTF-8
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT table_collation FROM information_schema.tables"
                             + " WHERE table_schema = DATABASE() AND table_name = 'decision_record'")) {
                    assertTrue(r.next(), "decision_record exists");
                    assertTrue(r.getString(1).startsWith("utf8mb4"), r.getString(1));
                }
            } else {
                assertEquals("H2", meta.getDatabaseProductName());
            }
        }
    }
}
