import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
            long allDecisions = count(c, source + ".decision_record");
            if (allDecisions == 0) {
                System.out.println("storage limit: no decisions stored in " + source);
                return;
            }
            int decisions = (int) Math.min(allDecisions, maxDecisions);
            try (Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + target + "`");
                s.execute("CREATE DATABASE `" + target + "` CHARACTER SET utf8mb4");
                for (String t : TABLES) {
                    s.execute("CREATE TABLE `" + target + "`." + t + " LIKE `" + source + "`." + t);
                }
            }
            Map<String, List<Object[]>> rows = new LinkedHashMap<>();
            Map<String, List<String>> columns = new LinkedHashMap<>();
            long bytes = 0;
            for (String t : TABLES) {
                long all = count(c, source + "." + t);
                long wanted = Math.round((double) all * decisions / allDecisions);
                List<Object[]> list = new ArrayList<>();
                List<String> names = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT * FROM `" + source + "`." + t + " LIMIT " + wanted)) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        names.add(md.getColumnName(i));
                    }
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
                columns.put(t, names);
            }
            c.setCatalog(target);
            c.setAutoCommit(false);
            int transactions = 0;
            long t0 = System.nanoTime();
            for (int from = 0; from < decisions; from += group) {
                int to = Math.min(decisions, from + group);
                for (String t : TABLES) {
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
                            + " %.0f decisions/s%n", decisions, String.join(", ", TABLES), bytes / 1e6, group,
                    transactions, slice, secs, decisions / secs);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void insert(Connection c, String table, List<String> names, List<Object[]> rows) throws SQLException {
        String row = "(" + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
        String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES "
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
