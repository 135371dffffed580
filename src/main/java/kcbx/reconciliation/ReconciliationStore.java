package kcbx.reconciliation;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import kcbx.audit.Actor;
import kcbx.audit.AuditChains;
import kcbx.audit.AuditLog;
import kcbx.audit.ReconciliationContent;
import kcbx.system.Jdbc;
import kcbx.system.StorageFailure;
import kcbx.system.StorageUnavailableException;

/**
 * Records a reconciliation and its findings, one row per finding, and chains it in the audit log,
 * all in one transaction: either all of it is stored and chained or none, and nothing is returned
 * that was not. Findings go in as multi-row INSERTs of at most {@value #BATCH_ROWS} rows or about
 * {@value #BATCH_CHARS} characters, far below MariaDB's max_allowed_packet, and without needing
 * driver options for batching; they are hashed into the findings digest as they go. The chain's
 * head is locked only by the last statement before the commit ({@link AuditLog#append} joins this
 * transaction), so the decisions written while a county's findings are stored do not wait for them.
 */
@Singleton
class ReconciliationStore {
    static final int BATCH_ROWS = 500;
    static final int BATCH_CHARS = 1_000_000;

    /** Where the reconciliation writes its findings while it runs. */
    interface FindingWriter {
        void write(long sortKey, String code, String json);
    }

    /** A failed write, carried out of the transaction callback. */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) {
            super(cause);
        }
    }

    private final TransactionOperations<Connection> tx;
    private final AuditLog log;
    private final AuditChains chains;

    ReconciliationStore(TransactionOperations<Connection> tx, AuditLog log, AuditChains chains) {
        this.tx = tx;
        this.log = log;
        this.chains = chains;
    }

    /**
     * Inserts the header, lets {@code work} write every finding and return the summary, sets the
     * totals and chains the reconciliation. Returns the number of findings stored.
     */
    long record(String reconciliationId, String profile, LocalDate asOf, String rulesetVersion, long createdAtMs,
                 Function<FindingWriter, String> work) {
        String actor = Actor.current(null); // who asks, on the request's thread: chained with the reconciliation
        try {
            return tx.executeWrite(status -> {
                Connection c = status.getConnection();
                long pk = insertHeader(c, reconciliationId, profile, asOf, rulesetVersion, createdAtMs, actor);
                Batch batch = new Batch(c, pk);
                String summary = work.apply(batch);
                batch.flush();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE reconciliation SET finding_count = ?, summary_json = ? WHERE id = ?")) {
                    ps.setLong(1, batch.seq);
                    ps.setString(2, summary);
                    ps.setLong(3, pk);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new StoreFailure(e);
                }
                String content = ReconciliationContent.canonical(reconciliationId, profile, asOf, rulesetVersion,
                        createdAtMs, batch.seq, summary, batch.digest.hex(), actor);
                return log.append(ReconciliationContent.TYPE, chains.ofProfile(profile),
                        (same, at) -> new AuditLog.Appended<>(reconciliationId, content, batch.seq));
            });
        } catch (RuntimeException e) {
            throw StorageFailure.unavailable(e, cause -> StorageUnavailableException.notRecorded(
                    "Reconciliation " + reconciliationId + " could not be stored", cause));
        }
    }

    Optional<ReconciliationRecordSql.Header> find(String reconciliationId) {
        return read(c -> ReconciliationRecordSql.header(c, reconciliationId));
    }

    /** Findings {@code offset} to {@code offset + limit - 1} in their order, as stored JSON. */
    List<String> page(long pk, long offset, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT finding_json FROM reconciliation_finding"
                    + " WHERE reconciliation_pk = ? ORDER BY sort_key, seq LIMIT ? OFFSET ?")) {
                ps.setLong(1, pk);
                ps.setInt(2, limit);
                ps.setLong(3, offset);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        try {
            return tx.executeRead(status -> {
                try {
                    return query.run(status.getConnection());
                } catch (SQLException e) {
                    throw new StoreFailure(e);
                }
            });
        } catch (RuntimeException e) {
            throw StorageFailure.unavailable(e, cause -> StorageUnavailableException.notRead("The reconciliation", cause));
        }
    }

    private static long insertHeader(Connection c, String id, String profile, LocalDate asOf, String version,
                                     long createdAtMs, String actor) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconciliation (reconciliation_id, profile, as_of,"
                + " ruleset_version, created_at_ms, finding_count, summary_json, acted_by)"
                + " VALUES (?, ?, ?, ?, ?, 0, '{}', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, id);
            ps.setString(2, profile);
            ps.setObject(3, asOf); // as LocalDate both ways: java.sql.Date shifts days before 1582
            ps.setString(4, version);
            ps.setLong(5, createdAtMs);
            ps.setString(6, actor);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    /** Collects findings and writes them as one multi-row INSERT when the batch is full. */
    private static final class Batch implements FindingWriter {
        private final Connection c;
        private final long pk;
        private final List<Object[]> rows = new ArrayList<>();
        private final ReconciliationContent.Digest digest = new ReconciliationContent.Digest();
        private int chars;
        private long seq;

        Batch(Connection c, long pk) {
            this.c = c;
            this.pk = pk;
        }

        @Override
        public void write(long sortKey, String code, String json) {
            digest.add(seq, sortKey, code, json);
            rows.add(new Object[] {seq++, sortKey, code, json});
            chars += json.length();
            if (rows.size() >= BATCH_ROWS || chars >= BATCH_CHARS) {
                flush();
            }
        }

        void flush() {
            if (rows.isEmpty()) {
                return;
            }
            String sql = Jdbc.multiRowInsert(
                    "INSERT INTO reconciliation_finding (reconciliation_pk, seq, sort_key, code, finding_json) VALUES ",
                    5, rows.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (Object[] r : rows) {
                    ps.setLong(p++, pk);
                    ps.setLong(p++, (Long) r[0]);
                    ps.setLong(p++, (Long) r[1]);
                    ps.setString(p++, (String) r[2]);
                    ps.setString(p++, (String) r[3]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
            rows.clear();
            chars = 0;
        }
    }
}
