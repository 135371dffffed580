import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage limit of bench/run.sh: the rows the service stored for its decisions, written again
 * straight to MariaDB by a plain JDBC loop, no rules and no HTTP. The same bytes (the rows are
 * copied as stored, compressed columns and all), the same multi-row INSERTs (200 rows a statement,
 * as AuditChainSql.SLICE) and the same number of decisions a transaction (the batch's chunk, 500).
 * Each transaction takes its share of every table's rows (rows of the table / decisions, times the
 * decisions of the group), into empty copies of the tables in another database. The rows are read
 * into memory first, so only the writes are timed.
 *
 * <p>It copies whatever columns the source table has (read from information_schema, in their order,
 * generated columns left out), so a database written by an older or a newer build of the service
 * (a column added by a later migration) is copied whole; a table the source lacks is left out and
 * named.
 *
 * <p>Usage: java -cp mysql-connector-j.jar bench/StorageLimit.java jdbcUrl sourceDb targetDb
 * maxDecisions [group] [slice] — the URL names no database (jdbc:mysql://127.0.0.1:3306/?...).
 */
public class StorageLimit {
    static final List<String> TABLES = List.of("decision_record", "decision_flag", "report_decision",
            "decision_ledger", "audit_chain");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String source = args[1];
        String target = args[2];
        int maxDecisions = Integer.parseInt(args[3]);
        int group = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int slice = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            long allDecisions = count(c, "`" + source + "`.decision_record");
            if (allDecisions == 0) {
                System.out.println("storage limit: no decisions stored in " + source);
                return;
            }
            int decisions = (int) Math.min(allDecisions, maxDecisions);
            Map<String, List<String>> columns = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String t : TABLES) {
                List<String> names = columns(c, source, t);
                if (names.isEmpty()) {
                    missing.add(t);
                } else {
                    columns.put(t, names);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + target + "`");
                s.execute("CREATE DATABASE `" + target + "` CHARACTER SET utf8mb4");
                for (String t : columns.keySet()) {
                    s.execute("CREATE TABLE `" + target + "`.`" + t + "` LIKE `" + source + "`.`" + t + "`");
                }
            }
            Map<String, List<Object[]>> rows = new LinkedHashMap<>();
            long bytes = 0;
            for (String t : columns.keySet()) {
                long all = count(c, "`" + source + "`.`" + t + "`");
                long wanted = Math.round((double) all * decisions / allDecisions);
                List<Object[]> list = new ArrayList<>();
                List<String> names = columns.get(t);
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + quoted(names) + " FROM `" + source + "`.`" + t
                             + "` LIMIT " + wanted)) {
                    while (rs.next()) {
                        Object[] row = new Object[names.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                            bytes += row[i] instanceof byte[] b ? b.length : row[i] instanceof String str ? str.length() : 8;
                        }
                        list.add(row);
                    }
                }
                rows.put(t, list);
            }
            c.setCatalog(target);
            c.setAutoCommit(false);
            int transactions = 0;
            long t0 = System.nanoTime();
            for (int from = 0; from < decisions; from += group) {
                int to = Math.min(decisions, from + group);
                for (String t : columns.keySet()) {
                    List<Object[]> list = rows.get(t);
                    int lo = (int) ((long) list.size() * from / decisions);
                    int hi = (int) ((long) list.size() * to / decisions);
                    for (int s = lo; s < hi; s += slice) {
                        insert(c, t, columns.get(t), list.subList(s, Math.min(hi, s + slice)));
                    }
                }
                c.commit();
                transactions++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("storage limit: %d decisions' rows (%s; %.1f MB of values) straight to MariaDB by JDBC,"
                            + " %d a transaction (%d transactions), %d rows an INSERT, no rules, no HTTP: %.1f s,"
                            + " %.0f decisions/s%n", decisions, String.join(", ", columns.keySet())
                            + (missing.isEmpty() ? "" : "; not in " + source + ": " + String.join(", ", missing)),
                    bytes / 1e6, group, transactions, slice, secs, decisions / secs);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The columns of a table that can be written, in their order; none if there is no such table. */
    static List<String> columns(Connection c, String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND extra NOT LIKE '%GENERATED%'"
                + " ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static String quoted(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").collect(java.util.stream.Collectors.joining(", "));
    }

    static void insert(Connection c, String table, List<String> names, List<Object[]> rows) throws SQLException {
        String row = "(" + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
        String sql = "INSERT INTO `" + table + "` (" + quoted(names) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), row));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int k = 0;
            for (Object[] r : rows) {
                for (Object v : r) {
                    ps.setObject(++k, v);
                }
            }
            ps.executeUpdate();
        }
    }
}
