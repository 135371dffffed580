package kcbx.audit;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A connection straight to the database, around the service's transactions. */
final class PlainSqlConnections {
    private PlainSqlConnections() {
    }

    static Connection open(DataSource dataSource) throws SQLException {
        return DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
    }
}
