package kcbx.audit;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kcbx.system.Jdbc;

/**
 * Administrative acts as records of the audit chain (table admin_event, record_type
 * "admin_event"): rule set publications (a roll back is the publication of an archived version),
 * credentials issued, renewed and revoked. Each names who acted ({@link Actor}) inside its hashed
 * content. Called inside the act's own transaction where it has one, so the act and its record
 * commit together.
 */
@Singleton
public class AdminEvents implements AuditRecordType {
    public static final String TYPE = "admin_event";
    public static final String RULESET_PUBLISHED = "ruleset_published";
    /** The scenarios a version was published with, stored so later publications must pass them too. */
    public static final String RULESET_SCENARIOS_STORED = "ruleset_scenarios_stored";
    public static final String CREDENTIAL_ISSUED = "credential_issued";
    public static final String CREDENTIAL_RENEWED = "credential_renewed";
    public static final String CREDENTIAL_REVOKED = "credential_revoked";

    private final AuditLog log;

    AdminEvents(AuditLog log) {
        this.log = log;
    }

    /** The detail of an act: plain string and number fields, in the order given. Never a secret. */
    public static final class Detail {
        private final CanonicalJson json = new CanonicalJson();

        public Detail put(String key, String value) {
            json.put(key, value);
            return this;
        }

        public Detail put(String key, long value) {
            json.put(key, value);
            return this;
        }

        String text() {
            return json.text();
        }
    }

    /**
     * Records and chains one act by this actor on the {@link AuditChains#SYSTEM} chain (an act on
     * the rule set or the credentials is the whole deployment's, no one county's); returns its
     * event id.
     */
    public String record(String kind, String actor, Detail detail) {
        String eventId = UUID.randomUUID().toString();
        String detailJson = detail.text();
        return log.append(TYPE, AuditChains.SYSTEM, (c, at) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_event (event_id, kind, acted_by,"
                    + " recorded_at_ms, detail_json) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, eventId);
                ps.setString(2, kind);
                ps.setString(3, actor);
                ps.setLong(4, at);
                ps.setString(5, detailJson);
                ps.executeUpdate();
            }
            return new AuditLog.Appended<>(eventId, canonical(eventId, kind, actor, at, detailJson), eventId);
        });
    }

    static String canonical(String eventId, String kind, String actor, long recordedAtMs, String detailJson) {
        return new CanonicalJson()
                .put("v", 1)
                .put("type", TYPE)
                .put("eventId", eventId)
                .put("kind", kind)
                .put("actedBy", actor)
                .put("recordedAtMs", recordedAtMs)
                .raw("detail", detailJson)
                .text();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, String> contents(Connection c, Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<String> list = List.copyOf(ids);
        String marks = Jdbc.marks(list.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, kind, acted_by, recorded_at_ms, detail_json"
                + " FROM admin_event WHERE event_id IN (" + marks + ")")) {
            for (int i = 0; i < list.size(); i++) {
                ps.setString(i + 1, list.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), canonical(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<String> firstUnchained(Connection c) throws SQLException {
        return AuditRecordType.firstUnchained(c, TYPE, "admin_event", "event_id");
    }
}
