package kcbx.report;

import io.micronaut.data.exceptions.DataAccessException;
import java.util.function.Supplier;
import kcbx.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read that fails in the database is a 503 problem for the caller, logged without personal data. */
final class ReportErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ReportErrors.class);

    private ReportErrors() {
    }

    static <T> T reading(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (DataAccessException | io.micronaut.transaction.exceptions.TransactionException e) {
            LOG.error("{} could not be read: {}", what, e.getMessage());
            throw new ProblemException(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "Decision store unavailable", what + " could not be read; retry shortly.", java.util.List.of());
        }
    }
}
