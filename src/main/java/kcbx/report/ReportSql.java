package kcbx.report;

import kcbx.store.StoredCodes;
import kcbx.system.StoredJson;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kcbx.system.Jdbc;

/**
 * The reads behind ledgers and reports. Every query is an index range (V6, V9): who was ever on a
 * ledger in a scope, then those students' histories, then the JSON of the few decisions shown. A
 * student is a {@link StudentKey}, (school, student id), everywhere here.
 * Students go to the database in batches so an IN list stays short.
 */
@Singleton
class ReportSql {
    static final int BATCH = 500;

    /**
     * A student as reports know one: the school's key ({@link ReportIndexRows#schoolKey}) and the
     * id that school gave the child. Two schools' children with the same id are two students.
     */
    record StudentKey(String schoolKey, String studentId) {
    }

    /** One decision in a student's history: its id, asOf and whether it listed the ledger. */
    record Step(long pk, LocalDate asOf, boolean onLedger) {
    }

    /** A student's latest decision in a period, for the term summary. */
    record Latest(StudentKey student, String standing) {
    }

    private final JsonMapper json;

    ReportSql(JsonMapper json) {
        this.json = json;
    }

    /** Students one of whose decisions up to asOf listed the ledger, in the scope, in (school, id) order. */
    List<StudentKey> everOnLedger(Connection c, String ledger, Scope scope, LocalDate asOf) throws SQLException {
        List<StudentKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT l.school_id, l.student_id FROM decision_ledger l"
                + " WHERE l.ledger = ?" + scope.condition("l.") + " AND l.as_of <= ? ORDER BY l.school_id, l.student_id")) {
            int i = scope.bind(ps, 2);
            ps.setInt(1, StoredCodes.LEDGERS.number(ledger));
            ps.setObject(i, asOf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StudentKey(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /**
     * Each student's decisions up to asOf, oldest first (by asOf, then recording order): the
     * decisions of that school for that id only, never another school's that uses the same id.
     */
    Map<StudentKey, List<Step>> histories(Connection c, String ledger, List<StudentKey> students, LocalDate asOf)
            throws SQLException {
        Map<StudentKey, List<Step>> out = new LinkedHashMap<>();
        for (int from = 0; from < students.size(); from += BATCH) {
            // one (school = ? AND student IN (...)) range of ix_report_decision_school_student per school
            Map<String, List<String>> bySchool = new LinkedHashMap<>();
            for (StudentKey k : students.subList(from, Math.min(students.size(), from + BATCH))) {
                bySchool.computeIfAbsent(k.schoolKey(), x -> new ArrayList<>()).add(k.studentId());
            }
            List<String> ranges = new ArrayList<>();
            bySchool.forEach((school, ids) -> ranges.add("(r.school_id = ? AND r.student_id IN (" + Jdbc.marks(ids.size()) + "))"));
            try (PreparedStatement ps = c.prepareStatement("SELECT r.school_id, r.student_id, r.decision_pk, r.as_of,"
                    + " l.decision_pk FROM report_decision r"
                    + " LEFT JOIN decision_ledger l ON l.ledger = ? AND l.decision_pk = r.decision_pk"
                    + " WHERE (" + String.join(" OR ", ranges) + ") AND r.as_of <= ?"
                    + " ORDER BY r.school_id, r.student_id, r.as_of, r.decision_pk")) {
                ps.setInt(1, StoredCodes.LEDGERS.number(ledger));
                int i = 2;
                for (Map.Entry<String, List<String>> e : bySchool.entrySet()) {
                    ps.setString(i++, e.getKey());
                    for (String s : e.getValue()) {
                        ps.setString(i++, s);
                    }
                }
                ps.setObject(i, asOf);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(5);
                        boolean on = !rs.wasNull();
                        out.computeIfAbsent(new StudentKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                .add(new Step(rs.getLong(3), rs.getObject(4, LocalDate.class), on));
                    }
                }
            }
        }
        return out;
    }

    /** The stored request and decision of each id, with its public decisionId inside the decision. */
    Map<Long, StoredDecision> decisions(Connection c, Collection<Long> pks) throws SQLException {
        Map<Long, StoredDecision> out = new HashMap<>();
        List<Long> all = List.copyOf(pks);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Long> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.request_json, d.decision_json, d.request_z, d.decision_z"
                    + " FROM decision_record d WHERE d.id IN (" + Jdbc.marks(batch.size()) + ")")) {
                int i = 1;
                for (Long pk : batch) {
                    ps.setLong(i++, pk);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long pk = rs.getLong(1);
                        out.put(pk, StoredDecision.parse(json, pk, StoredJson.read(rs, 2, 4), StoredJson.read(rs, 3, 5)));
                    }
                }
            }
        }
        return out;
    }

    /** The stored request and decision of each public decisionId. */
    Map<Long, StoredDecision> decisionsById(Connection c, List<String> decisionIds) throws SQLException {
        Map<Long, StoredDecision> out = new HashMap<>();
        for (int from = 0; from < decisionIds.size(); from += BATCH) {
            List<String> batch = decisionIds.subList(from, Math.min(decisionIds.size(), from + BATCH));
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.request_json, d.decision_json, d.request_z, d.decision_z"
                    + " FROM decision_record d WHERE d.decision_id IN (" + Jdbc.marks(batch.size()) + ")")) {
                int i = 1;
                for (String id : batch) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long pk = rs.getLong(1);
                        out.put(pk, StoredDecision.parse(json, pk, StoredJson.read(rs, 2, 4), StoredJson.read(rs, 3, 5)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Each student's latest decision with asOf in [from, to] within the scope. Rows come in
     * (school, student, asOf, id) order, so the last row of a student is its latest.
     */
    List<Latest> latestInPeriod(Connection c, Scope scope, LocalDate from, LocalDate to) throws SQLException {
        Map<StudentKey, Latest> latest = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.school_id, r.student_id, r.standing"
                + " FROM report_decision r WHERE r.as_of >= ? AND r.as_of <= ?" + scope.condition("r.")
                + " ORDER BY r.school_id, r.student_id, r.as_of, r.decision_pk")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            scope.bind(ps, 3);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StudentKey k = new StudentKey(rs.getString(1), rs.getString(2));
                    latest.put(k, new Latest(k, rs.getString(3)));
                }
            }
        }
        return new ArrayList<>(latest.values());
    }
}
