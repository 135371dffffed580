package kcbx.ruleset;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import kcbx.audit.Actor;
import kcbx.audit.AdminEvents;
import kcbx.system.Jdbc;

/**
 * The scenarios stored with published versions (table ruleset_scenario, V14): every candidate must
 * pass those bound to the active version besides the service's own and any its publisher sends, so
 * no publisher can leave out a scenario an earlier publication promised. A version is bound by the
 * set it was published with; a version published without the gate (the rules folder at a start) by
 * the set of the version it first replaced; so a roll back brings back the scenarios that went with
 * the version rolled back to. Storing a set is chained in the audit log with who stored it.
 */
@Singleton
public class PublishedScenarios {
    /** How far back a version's set is looked for through the versions each first replaced. */
    private static final int MAX_HOPS = 1000;

    /** One scenario as bound: its path as its publisher sent it, its text, the version it was first stored with. */
    public record Scenario(String path, String content, String firstVersion) {
    }

    private final TransactionOperations<Connection> tx;
    private final AdminEvents events;

    PublishedScenarios(TransactionOperations<Connection> tx, AdminEvents events) {
        this.tx = tx;
        this.events = events;
    }

    /** The scenarios bound to {@code version}, by path; empty when none was ever stored along its line. */
    public Map<String, Scenario> boundTo(String version) {
        if (version == null) {
            return Map.of();
        }
        return Jdbc.read(tx, c -> {
            Set<String> seen = new HashSet<>();
            String v = version;
            for (int hop = 0; v != null && seen.add(v) && hop < MAX_HOPS; hop++) {
                Map<String, Scenario> own = storedWith(c, v);
                if (!own.isEmpty()) {
                    return own;
                }
                v = firstReplaced(c, v).orElse(null);
            }
            return Map.of();
        });
    }

    /**
     * Binds {@code set} to {@code version}: the rows that differ from what is already stored with it
     * are inserted, and the act is chained naming the acting credential. Returns how many rows were stored.
     */
    public int store(String version, Map<String, Scenario> set) {
        String actor = Actor.current(Actor.SYSTEM);
        return Jdbc.write(tx, c -> {
            Map<String, Scenario> stored = storedWith(c, version);
            Map<String, Scenario> fresh = new TreeMap<>();
            set.forEach((path, s) -> {
                Scenario before = stored.get(path);
                if (before == null || !before.content().equals(s.content())) {
                    fresh.put(path, s);
                }
            });
            if (fresh.isEmpty()) {
                return 0;
            }
            long now = System.currentTimeMillis();
            StringBuilder digestInput = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ruleset_scenario (version, path, content_sha256,"
                    + " content, first_version, stored_at_ms, stored_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Scenario s : fresh.values()) {
                    String sha = RulesetArchive.sha256(s.content().getBytes(StandardCharsets.UTF_8));
                    ps.setString(1, version);
                    ps.setString(2, s.path());
                    ps.setString(3, sha);
                    ps.setString(4, s.content());
                    ps.setString(5, s.firstVersion());
                    ps.setLong(6, now);
                    ps.setString(7, actor);
                    ps.addBatch();
                    digestInput.append(s.path()).append('\0').append(sha).append('\n');
                }
                ps.executeBatch();
            }
            // in this transaction: the rows and their chained record commit together
            events.record(AdminEvents.RULESET_SCENARIOS_STORED, actor, new AdminEvents.Detail()
                    .put("version", version).put("scenarios", fresh.size())
                    .put("scenariosSha256", RulesetArchive.sha256(digestInput.toString().getBytes(StandardCharsets.UTF_8))));
            return fresh.size();
        });
    }

    /** The latest row of each path stored with exactly this version. */
    private static Map<String, Scenario> storedWith(Connection c, String version) throws SQLException {
        Map<String, Scenario> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, content, first_version FROM ruleset_scenario"
                + " WHERE version = ? ORDER BY id")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Scenario(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return new TreeMap<>(out);
    }

    /** The version that was active when {@code version} was first published. */
    private static Optional<String> firstReplaced(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT previous_version FROM ruleset_publication"
                + " WHERE version = ? ORDER BY id LIMIT 1")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
