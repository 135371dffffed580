package kcbx.ruleset;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The SQL of ruleset_version and ruleset_file. Versions and their files are only inserted. */
@Singleton
class RulesetArchiveRepository {

    /** A version's files by path, with the SHA-256 each had when stored. */
    record StoredFile(byte[] content, String sha256) {
    }

    Optional<ArchivedVersion> find(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, created_at_ms, file_count, origin, note"
                + " FROM ruleset_version WHERE version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    List<ArchivedVersion> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, created_at_ms, file_count, origin, note"
                + " FROM ruleset_version ORDER BY created_at_ms, version");
             ResultSet rs = ps.executeQuery()) {
            List<ArchivedVersion> out = new ArrayList<>();
            while (rs.next()) {
                out.add(version(rs));
            }
            return out;
        }
    }

    void insert(Connection c, ArchivedVersion v, Map<String, byte[]> files, Map<String, String> sha256)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_version (version, created_at_ms,"
                + " file_count, origin, note) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, v.version());
            ps.setLong(2, v.createdAtMs());
            ps.setInt(3, v.fileCount());
            ps.setString(4, v.origin());
            ps.setString(5, v.note());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ruleset_file (version, path, content, sha256) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ps.setString(1, v.version());
                ps.setString(2, f.getKey());
                ps.setBytes(3, f.getValue());
                ps.setString(4, sha256.get(f.getKey()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Map<String, StoredFile> files(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT path, content, sha256 FROM ruleset_file WHERE version = ? ORDER BY path")) {
            ps.setString(1, version);
            Map<String, StoredFile> out = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new StoredFile(rs.getBytes(2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    private static ArchivedVersion version(ResultSet rs) throws SQLException {
        return new ArchivedVersion(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5));
    }
}
