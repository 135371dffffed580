package kcbx.audit;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
    private final Checkpointer checkpointer;

    AuditLog(TransactionOperations<Connection> tx, Checkpointer checkpointer) {
        this.tx = tx;
        this.checkpointer = checkpointer;
    }

    /** Inserts a record's row(s) on the given connection, at the given recording time. */
    @FunctionalInterface
    public interface Insert<R> {
        Appended<R> insert(Connection c, long recordedAtMs) throws SQLException;
    }

    /** Inserts many records' rows on the given connection, all at the given recording time, in chain order. */
    @FunctionalInterface
    public interface InsertAll<R> {
        List<Appended<R>> insert(Connection c, long recordedAtMs) throws SQLException;
    }

    /**
     * What was inserted: the record's id, its canonical JSON text (which its {@link AuditRecordType}
     * must rebuild byte for byte from the stored row) and whatever the caller wants back.
     */
    public record Appended<R>(String recordId, String content, R result) {
    }

    /** Runs insert and chains the record it inserted, all or nothing. */
    public <R> R append(String recordType, Insert<R> insert) {
        return appendAll(recordType, (c, at) -> List.of(insert.insert(c, at))).get(0);
    }

    /**
     * Runs insert and chains every record it inserted, in the order given, all or nothing: one
     * head lock and one transaction for the lot, so a batch pays the lock and the commit once
     * while the chain stays exactly what one append at a time would have made (consecutive seq,
     * each entry linked to the one before, one recording time that does not go backwards).
     */
    public <R> List<R> appendAll(String recordType, InsertAll<R> insert) {
        List<R> committed = Jdbc.write(tx, c -> {
            AuditChainSql.Head head = AuditChainSql.lockHead(c);
            long at = Math.max(System.currentTimeMillis(), head.lastRecordedAtMs());
            List<Appended<R>> appended = insert.insert(c, at);
            List<AuditChainSql.Link> links = new ArrayList<>(appended.size());
            List<R> results = new ArrayList<>(appended.size());
            long seq = head.lastSeq();
            String prev = head.lastHash();
            for (Appended<R> a : appended) {
                seq++;
                String contentHash = ChainHash.sha256(a.content());
                String chainHash = ChainHash.link(seq, recordType, a.recordId(), at, contentHash, prev);
                links.add(new AuditChainSql.Link(seq, recordType, a.recordId(), at, contentHash, prev, chainHash));
                results.add(a.result());
                prev = chainHash;
            }
            AuditChainSql.appendAll(c, links);
            return results;
        });
        checkpointer.appended(committed.size());
        return committed;
    }
}
