package kcbx.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kcbx.audit.AuditRecordType;
import kcbx.audit.CanonicalJson;
import kcbx.audit.ChainConflicts;
import kcbx.audit.ChainHash;
import kcbx.system.Jdbc;
import kcbx.system.StoredJson;
import java.util.Optional;

/**
 * The SQL of decision_record and its flag index, and the decision's place in the audit chain: its
 * canonical text is built from exactly the stored columns (the request and decision JSON embedded
 * verbatim, times in epoch milliseconds), so it is rebuilt byte for byte from the row. The JSON is
 * stored compressed since V18 and decompressed before it is hashed ({@link StoredJson}).
 */
@Singleton
public final class DecisionRecordSql implements AuditRecordType {
    public static final String TYPE = "decision";
    /** The number of {@link #COLUMNS}. */
    static final int COLUMN_COUNT = 14;
    /** The text columns (rows before V18) and the compressed ones (since): see {@link StoredJson#read}. */
    public static final String COLUMNS = "d.id, d.decision_id, d.student_id, d.school_id, d.profile, d.as_of,"
            + " d.ruleset_version, d.risk_level, d.decided_at_ms, d.request_json, d.decision_json, d.acted_by,"
            + " d.request_z, d.decision_z";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Whether a multi-row INSERT's generated keys are its rows' ids here: on MySQL/MariaDB whose
     * InnoDB gives a statement's rows consecutive auto-increment values ({@code
     * innodb_autoinc_lock_mode} 0 or 1, MariaDB's default; a server setting read once, it cannot
     * change while the server runs). Not with mode 2 (interleaved, which Galera requires), nor on
     * H2: there the ids are read back by decision_id. Null until the first insert asks.
     */
    private volatile Boolean keysAreIds;

    boolean keysAreIds(Connection c) throws SQLException {
        Boolean known = keysAreIds;
        if (known == null) {
            known = false;
            if (c.getMetaData().getDatabaseProductName().matches("(?i).*(mariadb|mysql).*")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT @@innodb_autoinc_lock_mode");
                     ResultSet rs = ps.executeQuery()) {
                    known = rs.next() && rs.getInt(1) < 2;
                }
            }
            keysAreIds = known;
        }
        return known;
    }

    private static final String INSERT = "INSERT INTO decision_record (decision_id, student_id, school_id, profile,"
            + " as_of, ruleset_version, risk_level, decided_at_ms, request_z, decision_z, acted_by) VALUES ";

    /**
     * Inserts the rows of many prepared decisions (their JSON compressed already) with multi-row
     * INSERTs ({@link Jdbc#insertRows}) and returns their ids in the same order: the statements'
     * generated keys where they are the rows' ids ({@link #keysAreIds}), otherwise read back by
     * decision_id a slice at a time, one round trip more a group.
     */
    List<Long> insertAll(Connection c, List<PreparedDecision> decisions, long decidedAtMs) throws SQLException {
        Jdbc.RowBinder<PreparedDecision> row = (ps, k, p) -> {
            ps.setString(++k, p.decisionId());
            ps.setString(++k, p.studentId());
            ps.setString(++k, p.schoolId());
            ps.setString(++k, p.profile());
            ps.setObject(++k, p.asOf());
            ps.setString(++k, p.rulesetVersion());
            ps.setString(++k, p.riskLevel());
            ps.setLong(++k, decidedAtMs);
            ps.setBytes(++k, p.requestZ());
            ps.setBytes(++k, p.decisionZ()); // the time is decided_at_ms, put in again on reading
            ps.setString(++k, p.actor());
            return k;
        };
        if (keysAreIds(c)) {
            long[] keys = Jdbc.insertRowsReturningKeys(c, INSERT, 11, decisions, row);
            return java.util.Arrays.stream(keys).boxed().toList();
        }
        Jdbc.insertRows(c, INSERT, 11, decisions, row);
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0, n; from < decisions.size(); from += n) {
            n = Jdbc.slice(decisions.size() - from);
            try (PreparedStatement ps = c.prepareStatement("SELECT decision_id, id FROM decision_record"
                    + " WHERE decision_id IN (" + Jdbc.marks(n) + ")")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(i + 1, decisions.get(from + i).decisionId());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        if (ids.size() != decisions.size()) {
            // the rows just inserted are gone: on Galera, a replicated write aborted this transaction
            throw ChainConflicts.lostRace("decision_record gave back " + ids.size() + " ids for " + decisions.size() + " rows");
        }
        return decisions.stream().map(p -> ids.get(p.decisionId())).toList();
    }

    /**
     * The flag index rows of many decisions, in the decisions' transaction: multi-row INSERTs, so
     * a group of decisions costs a round trip per slice rather than one per flag (a JDBC batch is
     * sent statement by statement unless the URL asks the driver to rewrite it).
     */
    public void insertFlagsAll(Connection c, List<PreparedDecision> decisions, List<Long> ids) throws SQLException {
        record FlagRow(String code, long decisionPk, String schoolId) {
        }
        List<FlagRow> flags = new java.util.ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            for (String code : decisions.get(i).index().flagCodes()) {
                flags.add(new FlagRow(code, ids.get(i), decisions.get(i).schoolId()));
            }
        }
        Jdbc.insertRows(c, "INSERT INTO decision_flag (flag_code, decision_pk, school_id) VALUES ", 3, flags, (ps, k, f) -> {
            ps.setInt(++k, StoredCodes.FLAGS.number(f.code()));
            ps.setLong(++k, f.decisionPk());
            ps.setString(++k, f.schoolId());
            return k;
        });
    }

    /** The chained text; actedBy joins it when set, so rows chained before it existed keep their text. */
    public static String canonical(DecisionRecord r) {
        CanonicalJson text = head(new CanonicalJson(), r.decisionId(), r.studentId(), r.schoolId(), r.profile(), r.asOf(), r.rulesetVersion(),
                r.riskLevel(), r.decidedAtMs())
                .raw("request", r.requestJson())
                .raw("decision", r.decisionJson());
        return actedBy(text, r.actedBy()).text();
    }

    /**
     * The same text, UTF-8, of a prepared decision recorded at this time with this text (its
     * {@link DecisionText#utf8At}): what {@link #canonical(DecisionRecord)} gives of the row it is
     * stored as, made without decoding the decision's bytes.
     */
    static byte[] canonical(PreparedDecision p, long decidedAtMs, byte[] decisionUtf8) {
        // the buffer sized once: the head and actedBy are well under 2 KB, the request mostly ASCII
        CanonicalJson text = head(new CanonicalJson(p.requestJson().length() + decisionUtf8.length + 2048),
                p.decisionId(), p.studentId(), p.schoolId(), p.profile(), p.asOf(), p.rulesetVersion(),
                p.riskLevel(), decidedAtMs)
                .raw("request", p.requestJson())
                .rawUtf8("decision", decisionUtf8);
        return actedBy(text, p.actor()).utf8();
    }

    private static CanonicalJson head(CanonicalJson text, String decisionId, String studentId, String schoolId, String profile,
                                      java.time.LocalDate asOf, String rulesetVersion, String riskLevel, long decidedAtMs) {
        return text
                .put("v", 1)
                .put("type", TYPE)
                .put("decisionId", decisionId)
                .put("studentId", studentId)
                .put("schoolId", schoolId)
                .put("profile", profile)
                .put("asOf", asOf.toString())
                .put("rulesetVersion", rulesetVersion)
                .put("riskLevel", riskLevel)
                .put("decidedAtMs", decidedAtMs);
    }

    private static CanonicalJson actedBy(CanonicalJson text, String actedBy) {
        return actedBy == null ? text : text.put("actedBy", actedBy);
    }

    /** A stored decision and whether it may be served: chained, with the content it was chained with. */
    record Checked(DecisionRecord record, boolean chained) {
    }

    /**
     * The decision with this id and whether its row still is what the chain vouches for: one
     * indexed read of the row, its chain entry and the pre-chain bound, and one hash, so the read
     * path can afford it on every GET.
     */
    Optional<Checked> findChecked(Connection c, String decisionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", a.content_hash,"
                + " (SELECT p.max_pk FROM audit_prechain p WHERE p.record_type = '" + TYPE + "')"
                + " FROM decision_record d LEFT JOIN audit_chain a ON a.record_type = '" + TYPE + "'"
                + " AND a.record_id = d.decision_id WHERE d.decision_id = ?")) {
            ps.setString(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DecisionRecord r;
                try {
                    r = row(rs);
                } catch (kcbx.system.StoredJsonUnreadableException e) {
                    // bytes changed around the service (or a dictionary no one has): not what the chain vouches for
                    return Optional.of(new Checked(null, false));
                }
                return Optional.of(new Checked(r, chained(r, ChainHash.read(rs.getBytes(COLUMN_COUNT + 1)),
                        rs.getLong(COLUMN_COUNT + 2))));
            }
        }
    }

    /** Whether a row read with its chain entry's content hash (null: none) may be served. */
    static boolean chained(DecisionRecord r, String contentHash, long prechainMaxPk) {
        if (contentHash == null) {
            return r.id() <= prechainMaxPk; // stored before the chain existed: nothing to hold it to
        }
        return ChainHash.sha256(canonical(r)).equals(contentHash);
    }

    static long prechainMaxPk(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max_pk FROM audit_prechain WHERE record_type = ?")) {
            ps.setString(1, TYPE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public Map<String, String> contents(Connection c, Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        records(c, ids).forEach((id, r) -> out.put(id, canonical(r)));
        return out;
    }

    /** The stored rows among these decision ids, by decision id. */
    static Map<String, DecisionRecord> records(Connection c, Collection<String> ids) throws SQLException {
        return byDecisionId(c, ids, "SELECT " + COLUMNS + " FROM decision_record d WHERE d.decision_id IN ",
                DecisionRecordSql::row);
    }

    /**
     * The same rows without their JSON (request_json and decision_json null): the columns the kept
     * rows are computed from beside the facts of the chained text (verify).
     */
    static Map<String, DecisionRecord> keyColumns(Connection c, Collection<String> ids) throws SQLException {
        return byDecisionId(c, ids, "SELECT id, decision_id, student_id, school_id, profile, as_of, ruleset_version,"
                + " risk_level, decided_at_ms, acted_by FROM decision_record WHERE decision_id IN ",
                rs -> new DecisionRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8),
                        rs.getLong(9), null, null, rs.getString(10)));
    }

    /** A row read from a ResultSet. */
    @FunctionalInterface
    private interface RowReader {
        DecisionRecord read(ResultSet rs) throws SQLException;
    }

    /** {@code select} (ending in "IN ") of these decision ids, each row read by {@code reader}, by decision id. */
    private static Map<String, DecisionRecord> byDecisionId(Connection c, Collection<String> ids, String select,
                                                           RowReader reader) throws SQLException {
        Map<String, DecisionRecord> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<String> list = List.copyOf(ids);
        try (PreparedStatement ps = c.prepareStatement(select + "(" + Jdbc.marks(list.size()) + ")")) {
            for (int i = 0; i < list.size(); i++) {
                ps.setString(i + 1, list.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DecisionRecord r = reader.read(rs);
                    out.put(r.decisionId(), r);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<String> firstUnchained(Connection c) throws SQLException {
        return AuditRecordType.firstUnchained(c, TYPE, "decision_record", "decision_id");
    }

    @Override
    public long stored(Connection c, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_record WHERE decision_id IN ("
                + Jdbc.marks(ids.size()) + ")")) {
            int k = 0;
            for (String id : ids) {
                ps.setString(++k, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * A row selected with {@link #COLUMNS}; the decision's time is put in its JSON from
     * decided_at_ms (stored once since V18's rows: {@link DecisionText}).
     */
    public static DecisionRecord row(ResultSet rs) throws SQLException {
        long decidedAtMs = rs.getLong(9);
        return new DecisionRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8), decidedAtMs,
                StoredJson.read(rs, 10, 13), DecisionText.fill(StoredJson.read(rs, 11, 14), decidedAtMs),
                rs.getString(12));
    }
}
