package kcbx.audit;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import kcbx.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records decisions and reads them back. A failed write is a 503 for the caller, never a lost record. */
@Singleton
public class DecisionStore {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionStore.class);

    private final DecisionRecordRepository repository;

    DecisionStore(DecisionRecordRepository repository) {
        this.repository = repository;
    }

    public DecisionRecord record(DecisionRecord record) {
        try {
            return repository.save(record);
        } catch (DataAccessException | io.micronaut.transaction.exceptions.TransactionException e) {
            LOG.error("Decision {} could not be stored: {}", record.decisionId(), rootMessage(e));
            throw ProblemException.storageUnavailable();
        }
    }

    public Optional<DecisionRecord> find(String decisionId) {
        try {
            return repository.findByDecisionId(decisionId);
        } catch (DataAccessException e) {
            LOG.error("Decision {} could not be read: {}", decisionId, rootMessage(e));
            throw ProblemException.storageUnavailable();
        }
    }

    public long count() {
        return repository.count();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof SQLException s ? "SQLState " + s.getSQLState() + ": " + s.getMessage() : t.toString();
    }
}
