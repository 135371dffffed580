package kcbx.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import kcbx.system.Jdbc;

/**
 * Appends records to the audit chain. One transaction inserts the record's own row(s) and its
 * chain entry, after locking the chain's head row, so appends are serialised across threads and
 * service instances and the chain has neither gaps nor forks. The recording time is taken under
 * the lock and never goes backwards, so recording order, seq order and time order agree.
 */
@Singleton
public class AuditLog {
    private final TransactionOperations<Connection> tx;

    AuditLog(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Inserts a record's row(s) on the given connection, at the given recording time. */
    @FunctionalInterface
    public interface Insert<R> {
        Appended<R> insert(Connection c, long recordedAtMs) throws SQLException;
    }

    /**
     * What was inserted: the record's id, its canonical JSON text (which its {@link AuditRecordType}
     * must rebuild byte for byte from the stored row) and whatever the caller wants back.
     */
    public record Appended<R>(String recordId, String content, R result) {
    }

    /** Runs insert and chains the record it inserted, all or nothing. */
    public <R> R append(String recordType, Insert<R> insert) {
        return Jdbc.write(tx, c -> {
            AuditChainSql.Head head = AuditChainSql.lockHead(c);
            long at = Math.max(System.currentTimeMillis(), head.lastRecordedAtMs());
            Appended<R> a = insert.insert(c, at);
            long seq = head.lastSeq() + 1;
            String contentHash = ChainHash.sha256(a.content());
            AuditChainSql.append(c, new AuditChainSql.Link(seq, recordType, a.recordId(), at, contentHash,
                    head.lastHash(), ChainHash.link(seq, recordType, a.recordId(), at, contentHash, head.lastHash())));
            return a.result();
        });
    }
}
