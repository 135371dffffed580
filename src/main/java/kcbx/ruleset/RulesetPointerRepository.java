package kcbx.ruleset;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of ruleset_active (the pointer every instance follows) and ruleset_publication (V4). */
@Singleton
class RulesetPointerRepository {
    private static final String POINTER = "active";
    private static final String COLUMNS = "id, version, previous_version, published_at_ms, published_by, reason,"
            + " scenarios_run, scenarios_passed";

    /** The version the pointer names, empty before the first publication. */
    Optional<String> active(Connection c) throws SQLException {
        return read(c, "SELECT version FROM ruleset_active WHERE pointer_name = ?");
    }

    /** The pointer's version under a row lock, which serialises publishers across instances. */
    Optional<String> lockActive(Connection c) throws SQLException {
        return read(c, "SELECT version FROM ruleset_active WHERE pointer_name = ? FOR UPDATE");
    }

    private Optional<String> read(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, POINTER);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The ruleset_active row is missing (migration V4 inserts it).");
                }
                String v = rs.getString(1);
                return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
    }

    /** Inserts the publication and points at its version; call after {@link #lockActive}. */
    PublicationRecord publish(Connection c, PublicationRecord p) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_publication (version, previous_version,"
                + " published_at_ms, published_by, reason, scenarios_run, scenarios_passed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, p.version());
            ps.setString(2, p.previousVersion());
            ps.setLong(3, p.publishedAtMs());
            ps.setString(4, p.publishedBy());
            ps.setString(5, p.reason());
            ps.setInt(6, p.scenariosRun());
            ps.setInt(7, p.scenariosPassed());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE ruleset_active SET version = ?, publication_id = ?, changed_at_ms = ? WHERE pointer_name = ?")) {
            ps.setString(1, p.version());
            ps.setLong(2, id);
            ps.setLong(3, p.publishedAtMs());
            ps.setString(4, POINTER);
            ps.executeUpdate();
        }
        return new PublicationRecord(id, p.version(), p.previousVersion(), p.publishedAtMs(), p.publishedBy(),
                p.reason(), p.scenariosRun(), p.scenariosPassed());
    }

    /** Newest first; of one version when {@code version} is not null. */
    List<PublicationRecord> publications(Connection c, String version, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM ruleset_publication"
                + (version == null ? "" : " WHERE version = ?") + " ORDER BY id DESC";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (version != null) {
                ps.setString(1, version);
            }
            ps.setMaxRows(limit);
            List<PublicationRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PublicationRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8)));
                }
            }
            return out;
        }
    }
}
