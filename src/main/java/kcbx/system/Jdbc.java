package kcbx.system;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

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

    /** "?, ?, ?": the placeholders of an IN list of n values. */
    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** The most rows one multi-row statement of the write path carries. */
    public static final int MAX_ROWS = 256;

    /**
     * Up to this many rows, a multi-row statement carries them all: its own shape for each count.
     * A group commit's group of n decisions writes about 6n flag rows, 3n ledger rows and n rows of
     * each other table: with statements of powers of two only, a group of 9 took 14 inserts, each
     * a round trip the chain's writer waits for while the chain is locked (measured: 16.6
     * statements a group, 0.37 ms each, under 32 clients).
     */
    public static final int EXACT_ROWS = 64;

    /**
     * How many of {@code remaining} rows the next multi-row statement carries: all of them up to
     * {@link #EXACT_ROWS}, beyond that the largest power of two not over them, at most
     * {@link #MAX_ROWS}. Any number of rows is then written with at most {@link #EXACT_ROWS} + 2
     * shapes of each statement, which the driver keeps prepared per connection
     * ({@link DatabaseSettings}: its cache holds them all); a statement of a count not kept would be
     * prepared on the server again.
     */
    public static int slice(int remaining) {
        return remaining <= EXACT_ROWS ? remaining : Math.min(MAX_ROWS, Integer.highestOneBit(remaining));
    }

    /** Binds one row's values from parameter {@code k} on and gives the parameter after them. */
    @FunctionalInterface
    public interface RowBinder<T> {
        int bind(PreparedStatement ps, int k, T row) throws SQLException;
    }

    /**
     * Inserts the rows with multi-row INSERTs of {@link #slice} rows each (one round trip each):
     * {@code insert} ends in "VALUES ", each row has {@code columns} parameters.
     */
    public static <T> void insertRows(Connection c, String insert, int columns, List<T> rows, RowBinder<T> binder)
            throws SQLException {
        insertSlices(c, insert, columns, rows, binder, null);
    }

    /**
     * As {@link #insertRows}, and gives the rows' generated keys in row order, as the driver reports
     * them: for a multi-row INSERT, MySQL's Connector/J counts them on from the first one by
     * {@code auto_increment_increment}, which are the rows' ids only where the server gives a
     * statement's rows consecutive values (InnoDB's {@code innodb_autoinc_lock_mode} 0 or 1; not 2,
     * which a Galera node needs). The caller must know that.
     */
    public static <T> long[] insertRowsReturningKeys(Connection c, String insert, int columns, List<T> rows,
                                                     RowBinder<T> binder) throws SQLException {
        long[] keys = new long[rows.size()];
        insertSlices(c, insert, columns, rows, binder, keys);
        return keys;
    }

    /** The statements of {@link #insertRows}; each slice's generated keys into {@code keys} unless it is null. */
    private static <T> void insertSlices(Connection c, String insert, int columns, List<T> rows, RowBinder<T> binder,
                                         long[] keys) throws SQLException {
        for (int from = 0, n; from < rows.size(); from += n) {
            n = slice(rows.size() - from);
            String sql = multiRowInsert(insert, columns, n);
            try (PreparedStatement ps = keys == null ? c.prepareStatement(sql)
                    : c.prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS)) {
                int k = 0;
                for (T row : rows.subList(from, from + n)) {
                    k = binder.bind(ps, k, row);
                }
                ps.executeUpdate();
                if (keys != null) {
                    readKeys(ps, keys, from, n);
                }
            }
        }
    }

    /** The n generated keys of the statement just run, into {@code keys} from {@code from}; exactly n or an error. */
    private static void readKeys(PreparedStatement ps, long[] keys, int from, int n) throws SQLException {
        int got = 0;
        try (java.sql.ResultSet rs = ps.getGeneratedKeys()) {
            while (rs.next()) {
                if (got == n) {
                    throw new SQLException("more generated keys than the " + n + " rows inserted");
                }
                keys[from + got++] = rs.getLong(1);
            }
        }
        if (got != n) {
            throw new SQLException(got + " generated keys for the " + n + " rows inserted");
        }
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
