package kcbx.audit;

import kcbx.system.DaemonThreads;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kcbx.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes signed checkpoints of each chain's head to the {@link CheckpointSink}: every
 * kcbx.audit.checkpoint.interval, after every kcbx.audit.checkpoint.every-records records this
 * instance appended (0: never by count), and when the service stops; a head already checkpointed
 * is not written again. The head is read as committed, so a checkpoint never names an append that
 * could still roll back. Writing happens on its own thread: an append never waits for the disk.
 */
@Context
public class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final TransactionOperations<Connection> tx;
    private final CheckpointSigner signer;
    private final CheckpointSink sink;
    private final long everyRecords;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sinceLast = new AtomicLong();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(DaemonThreads.named("audit-checkpoint"));
    /** The head last written, per chain. */
    private final java.util.Map<String, AuditChainSql.Head> written = new java.util.HashMap<>();

    Checkpointer(TransactionOperations<Connection> tx, CheckpointSigner signer, CheckpointSink sink,
                 @Value("${kcbx.audit.checkpoint.every-records:1000}") long everyRecords) {
        this.tx = tx;
        this.signer = signer;
        this.sink = sink;
        this.everyRecords = everyRecords;
    }

    /** Called by {@link AuditLog} after a commit that appended n records. */
    void appended(int n) {
        if (everyRecords > 0 && sinceLast.addAndGet(n) >= everyRecords && queued.compareAndSet(false, true)) {
            writer.execute(() -> {
                queued.set(false);
                safely();
            });
        }
    }

    @Scheduled(fixedDelay = "${kcbx.audit.checkpoint.interval:60s}", initialDelay = "${kcbx.audit.checkpoint.interval:60s}")
    void onInterval() {
        safely();
    }

    @PreDestroy
    void onStop() {
        writer.shutdown();
        safely();
    }

    private void safely() {
        try {
            checkpointNow();
        } catch (RuntimeException | IOException e) {
            LOG.warn("No audit checkpoint was written: {}", e.toString());
        }
    }

    /**
     * Signs the committed head of every chain whose head moved since this instance last wrote it,
     * and keeps them; returns what was written. Public for operators' tools and tests that need a
     * checkpoint at a known point.
     */
    public synchronized List<Checkpoint> checkpointNow() throws IOException {
        sinceLast.set(0);
        List<Checkpoint> out = new java.util.ArrayList<>();
        for (AuditChainSql.Head head : Jdbc.read(tx, AuditChainSql::heads)) {
            AuditChainSql.Head last = written.get(head.chain());
            if (head.lastSeq() == 0 || last != null && last.lastSeq() == head.lastSeq()
                    && last.lastHash().equals(head.lastHash())) {
                continue;
            }
            Checkpoint c = signer.sign(new Checkpoint(head.chain(), head.lastSeq(), head.lastHash(),
                    head.lastRecordedAtMs(), System.currentTimeMillis(), instance, ""));
            sink.append(c);
            written.put(head.chain(), head);
            out.add(c);
        }
        return out;
    }
}
