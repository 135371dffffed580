package kcbx.report;

import kcbx.system.StoredJson;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import kcbx.store.DecisionRecord;
import kcbx.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes, at start-up, the decisions stored before migration V6 created the report tables (every
 * later one is indexed in its own transaction). Batches lock the report_backfill row, so several
 * instances starting together never index a decision twice, and a restart resumes where it stopped.
 */
@Singleton
class ReportBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(ReportBackfill.class);
    private static final int BATCH = 500;

    private final ReportIndexSql index;
    private final TransactionOperations<Connection> tx;

    ReportBackfill(ReportIndexSql index, TransactionOperations<Connection> tx) {
        this.index = index;
        this.tx = tx;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        run();
    }

    /** Indexes what is left to index; returns how many decisions it looked at. */
    long run() {
        long total = 0;
        int done;
        do {
            done = Jdbc.write(tx, this::batch);
            total += done;
        } while (done > 0);
        if (total > 0) {
            LOG.info("Looked at {} decisions stored before the report tables existed", total);
        }
        return total;
    }

    private int batch(Connection c) throws SQLException {
        long max;
        long from;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max_pk, done_pk FROM report_backfill WHERE name = 'decision' FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            max = rs.getLong(1);
            from = rs.getLong(2);
        }
        if (from >= max) {
            return 0;
        }
        List<DecisionRecord> rows = new ArrayList<>();
        long last = max;
        int scanned = 0;
        // rows already indexed (written after V6 inside the range, or by an earlier partial run) are skipped
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.decision_id, d.student_id, d.school_id, d.profile,"
                + " d.as_of, d.ruleset_version, d.risk_level, d.decided_at_ms, d.request_json, d.decision_json,"
                + " r.decision_pk, d.request_z, d.decision_z FROM decision_record d LEFT JOIN report_decision r ON r.decision_pk = d.id"
                + " WHERE d.id > ? AND d.id <= ? ORDER BY d.id LIMIT " + BATCH)) {
            ps.setLong(1, from);
            ps.setLong(2, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scanned++;
                    last = rs.getLong(1);
                    rs.getLong(12);
                    if (rs.wasNull()) {
                        rows.add(new DecisionRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8),
                                rs.getLong(9), StoredJson.read(rs, 10, 13), StoredJson.read(rs, 11, 14)));
                    }
                }
            }
        }
        index.indexStored(c, rows);
        if (scanned < BATCH) {
            last = max;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE report_backfill SET done_pk = ? WHERE name = 'decision'")) {
            ps.setLong(1, last);
            ps.executeUpdate();
        }
        return Math.max(1, scanned);
    }
}
