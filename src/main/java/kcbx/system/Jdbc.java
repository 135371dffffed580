package kcbx.system;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC work inside a Micronaut transaction. An SQLException leaves as Micronaut Data's
 * DataAccessException, an unchecked exception, so the transaction rolls back and callers handle
 * one kind of storage failure whether it came from a repository interface or from hand-written SQL.
 */
public final class Jdbc {
    /** "INSERT ... VALUES (?, ?), (?, ?)": {@code insert} (ending in "VALUES ") for rows of columns placeholders. */
    public static String multiRowInsert(String insert, int columns, int rows) {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        StringBuilder sql = new StringBuilder(insert);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }

    private Jdbc() {
    }

    /** SQL run on the transaction's connection. */
    @FunctionalInterface
    public interface Work<R> {
        R run(Connection c) throws SQLException;
    }

    public static <R> R write(TransactionOperations<Connection> tx, Work<R> work) {
        return tx.executeWrite(status -> run(work, status.getConnection()));
    }

    public static <R> R read(TransactionOperations<Connection> tx, Work<R> work) {
        return tx.executeRead(status -> run(work, status.getConnection()));
    }

    private static <R> R run(Work<R> work, Connection c) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException("SQLState " + e.getSQLState() + ": " + e.getMessage(), e);
        }
    }
}
