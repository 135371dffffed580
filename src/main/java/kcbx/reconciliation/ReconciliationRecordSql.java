package kcbx.reconciliation;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.audit.AuditRecordType;
import kcbx.audit.ReconciliationContent;

/**
 * A stored reconciliation as a record of the audit chain: its canonical text is rebuilt from the
 * header row and the finding rows, read in seq order a page of {@value #PAGE} at a time (a keyset
 * read of the primary key, so a county's findings are never all in memory, whatever the JDBC
 * driver buffers), and an export carries the finding rows after it.
 */
@Singleton
final class ReconciliationRecordSql implements AuditRecordType {
    static final int PAGE = 2000;

    /** A stored reconciliation without its findings. */
    record Header(long pk, String reconciliationId, String profile, LocalDate asOf, String rulesetVersion,
                  long createdAtMs, long findingCount, String summaryJson, String actedBy) {
    }

    /** One finding row. */
    @FunctionalInterface
    interface FindingRow {
        void accept(long seq, long sortKey, String code, String findingJson);
    }

    @Override
    public String type() {
        return ReconciliationContent.TYPE;
    }

    static Optional<Header> header(Connection c, String reconciliationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, reconciliation_id, profile, as_of, ruleset_version,"
                + " created_at_ms, finding_count, summary_json, acted_by FROM reconciliation WHERE reconciliation_id = ?")) {
            ps.setString(1, reconciliationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Header(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8),
                        rs.getString(9)));
            }
        }
    }

    /** Hands each finding row with seq >= fromSeq to each, in seq order, at most limit; returns how many. */
    static int findings(Connection c, long pk, long fromSeq, int limit, FindingRow each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, sort_key, code, finding_json"
                + " FROM reconciliation_finding WHERE reconciliation_pk = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, pk);
            ps.setLong(2, fromSeq);
            ps.setInt(3, limit);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                    n++;
                }
            }
            return n;
        }
    }

    /** The canonical text, rebuilt from the rows as they are now. */
    static String canonical(Connection c, Header h) throws SQLException {
        ReconciliationContent.Digest digest = new ReconciliationContent.Digest();
        long[] next = {0};
        int read;
        do {
            read = findings(c, h.pk(), next[0], PAGE, (seq, sortKey, code, json) -> {
                digest.add(seq, sortKey, code, json);
                next[0] = seq + 1;
            });
        } while (read == PAGE);
        return ReconciliationContent.canonical(h.reconciliationId(), h.profile(), h.asOf(), h.rulesetVersion(),
                h.createdAtMs(), h.findingCount(), h.summaryJson(), digest.hex(), h.actedBy());
    }

    @Override
    public Map<String, String> contents(Connection c, Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (String id : ids) {
            Optional<Header> h = header(c, id);
            if (h.isPresent()) {
                out.put(id, canonical(c, h.get()));
            }
        }
        return out;
    }

    @Override
    public Optional<String> firstUnchained(Connection c) throws SQLException {
        return AuditRecordType.firstUnchained(c, ReconciliationContent.TYPE, "reconciliation", "reconciliation_id");
    }

    @Override
    public boolean hasParts() {
        return true;
    }

    @Override
    public List<Part> parts(Connection c, String recordId, long fromPosition, int limit) throws SQLException {
        List<Part> out = new ArrayList<>();
        Optional<Header> h = header(c, recordId);
        if (h.isPresent()) {
            findings(c, h.get().pk(), fromPosition, limit, (seq, sortKey, code, json) -> out.add(
                    new Part(seq, ReconciliationContent.exportLine(recordId, seq, sortKey, code, json))));
        }
        return out;
    }
}
