package kcbx.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.exceptions.TransactionException;
import java.sql.SQLException;

/** Tells a database that cannot answer now (retry later: 503) from a fault in the request or the code. */
public final class StorageFailure {
    private StorageFailure() {
    }

    /** Whether this failure means the database could not be reached or did not answer. */
    public static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException || t instanceof TransactionException || t instanceof ConnectionException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause in one line, for the log: SQL state and message, never a value of a request. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof SQLException s ? "SQLState " + s.getSQLState() + ": " + s.getMessage() : t.toString();
    }
}
