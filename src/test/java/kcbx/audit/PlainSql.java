package kcbx.audit;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** SQL straight to the database, around the service, as someone tampering with it would send it. */
public final class PlainSql {
    private final DataSource raw;

    public PlainSql(DataSource dataSource) {
        this.raw = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public int update(String sql, Object... args) throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            int n = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        }
    }

    public String text(String sql, Object... args) throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every row the query returns, column name (lower case) to value, in column order. */
    public java.util.List<java.util.Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                java.sql.ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof java.sql.Blob blob) { // H2's form of a BLOB; Connector/J gives bytes
                            value = blob.getBytes(1, (int) blob.length());
                        }
                        row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), value);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Inserts rows read by {@link #rows} back into a table, as they were. */
    public void insert(String table, java.util.List<java.util.Map<String, Object>> rows) throws SQLException {
        for (java.util.Map<String, Object> row : rows) {
            String columns = String.join(", ", row.keySet());
            String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
            update("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", row.values().toArray());
        }
    }

    /** A decision's stored JSON column ("request" or "decision") as the service reads it: text, or decompressed. */
    public String storedJson(String column, String decisionId) throws SQLException {
        java.util.Map<String, Object> row = rows("SELECT " + column + "_json t, " + column + "_z z, decided_at_ms ms"
                + " FROM decision_record WHERE decision_id = ?", decisionId).get(0);
        String text = kcbx.system.StoredJson.read((String) row.get("t"), (byte[]) row.get("z"));
        // the decision's time is stored once, in decided_at_ms (kcbx.store.DecisionText)
        return column.equals("decision") ? kcbx.store.DecisionText.fill(text, ((Number) row.get("ms")).longValue()) : text;
    }

    public long number(String sql, Object... args) throws SQLException {
        return Long.parseLong(text(sql, args));
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
