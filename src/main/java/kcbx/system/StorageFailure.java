package kcbx.system;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.exceptions.TransactionException;
import java.sql.SQLException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a database that cannot answer now (retry later: 503) from a fault in the request or the
 * code. The one classifier every store uses: a failure anywhere in the cause chain that is SQL,
 * Micronaut Data's, a transaction's, or a connection that could not be had.
 */
public final class StorageFailure {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailure.class);

    private StorageFailure() {
    }

    /**
     * {@code e} as {@code unavailable} makes it when it is a storage failure, logged here with its
     * SQL state; anything else (a bug, or one already classified) is returned as it is.
     */
    public static RuntimeException unavailable(RuntimeException e,
                                               Function<Throwable, StorageUnavailableException> unavailable) {
        if (e instanceof StorageUnavailableException || !isStorageFailure(e)) {
            return e;
        }
        StorageUnavailableException out = unavailable.apply(e);
        LOG.error("{}", out.getMessage());
        return out;
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
