package kcbx.audit;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import kcbx.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.system.Jdbc;

/**
 * Records decisions in the audit chain and reads them back. A failed write is a 503 for the
 * caller, never a lost record; nothing here updates or deletes a decision.
 */
@Singleton
public class DecisionStore {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionStore.class);

    private final DecisionRecordRepository repository;
    private final DecisionRecordSql records;
    private final AuditLog log;
    private final TransactionOperations<Connection> tx;
    private final List<DecisionIndex> indexes;

    DecisionStore(DecisionRecordRepository repository, DecisionRecordSql records, AuditLog log,
                  TransactionOperations<Connection> tx, List<DecisionIndex> indexes) {
        this.repository = repository;
        this.records = records;
        this.log = log;
        this.tx = tx;
        this.indexes = List.copyOf(indexes);
    }

    /**
     * Stores a decision with its flags and chains it. {@code stampedAt} builds the row for the
     * recording time it is given (taken under the chain lock, so the decision's time agrees with
     * its place in the chain); {@code flagCodes} feed the search index.
     */
    public DecisionRecord record(LongFunction<DecisionRecord> stampedAt, Collection<String> flagCodes) {
        try {
            return log.append(DecisionRecordSql.TYPE, (c, at) -> {
                DecisionRecord r = stampedAt.apply(at);
                long pk = records.insert(c, r);
                records.insertFlags(c, pk, r.schoolId(), flagCodes);
                for (DecisionIndex index : indexes) {
                    index.index(c, pk, r);
                }
                return new AuditLog.Appended<>(r.decisionId(), DecisionRecordSql.canonical(r), r);
            });
        } catch (RuntimeException e) {
            throw unavailable("A decision could not be stored", e);
        }
    }

    /** A decision waiting to be recorded: its row for a given recording time, and its flag codes. */
    public record Pending(LongFunction<DecisionRecord> stampedAt, Collection<String> flagCodes) {
    }

    /**
     * Stores many decisions with their flags and chains them in the order given, in one
     * transaction under one head lock: all of them or (a 503 problem) none.
     */
    public List<DecisionRecord> recordAll(List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        try {
            return log.appendAll(DecisionRecordSql.TYPE, (c, at) -> {
                List<DecisionRecord> rows = new java.util.ArrayList<>(pending.size());
                for (Pending p : pending) {
                    rows.add(p.stampedAt().apply(at));
                }
                java.util.Map<String, Long> ids = records.insertAll(c, rows);
                records.insertFlagsAll(c, rows, ids, pending.stream().map(Pending::flagCodes).toList());
                List<AuditLog.Appended<DecisionRecord>> out = new java.util.ArrayList<>(rows.size());
                for (DecisionRecord r : rows) {
                    out.add(new AuditLog.Appended<>(r.decisionId(), DecisionRecordSql.canonical(r), r));
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw unavailable(pending.size() + " decisions could not be stored", e);
        }
    }

    public Optional<DecisionRecord> find(String decisionId) {
        try {
            return repository.findByDecisionId(decisionId);
        } catch (RuntimeException e) {
            throw unavailable("Decision " + decisionId + " could not be read", e);
        }
    }

    /** One page of stored decisions; see {@link DecisionQuery}. */
    public List<DecisionRecord> search(DecisionQuery query) {
        try {
            return Jdbc.read(tx, c -> DecisionSearchSql.search(c, query));
        } catch (RuntimeException e) {
            throw unavailable("Decisions could not be searched", e);
        }
    }

    public long count() {
        return repository.count();
    }

    /** A storage failure becomes a 503 problem (logged here with its SQL state); anything else is a bug and stays one. */
    static RuntimeException unavailable(String what, RuntimeException e) {
        if (e instanceof ProblemException) {
            return e;
        }
        if (!isStorage(e)) {
            return e;
        }
        LOG.error("{}: {}", what, rootMessage(e));
        return ProblemException.storageUnavailable();
    }

    private static boolean isStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof DataAccessException || t instanceof TransactionException
                    || t instanceof io.micronaut.data.connection.exceptions.ConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof SQLException s ? "SQLState " + s.getSQLState() + ": " + s.getMessage() : t.toString();
    }
}
