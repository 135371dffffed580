package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import kcbx.audit.AuditChains;
import kcbx.audit.AuditRecordTypes;
import kcbx.audit.ChainHash;
import kcbx.audit.ChainVerifier;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.IntFunction;
import kcbx.api.model.ChainVerification;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Search and verify on a million stored decisions in MariaDB: loads them (once; a second run
 * reuses them) into a database of its own with multi-row inserts, then prints each query's time
 * with the index MariaDB used. Prints figures; it asserts only that the answers are right.
 *
 * <pre>./mvnw -B test-compile surefire:test@benchmark -Dtest=DecisionSearchBenchmark</pre>
 * Settings (environment): KCBX_BENCH_DB_NAME (default kcbx_bench; dropped and refilled when its
 * row count differs), KCBX_BENCH_ROWS (default 1000000), KCBX_TEST_DB_HOST/PORT/USER/PASSWORD.
 */
@Tag("benchmark")
class DecisionSearchBenchmark {
    private static final int ROWS = Integer.parseInt(env("KCBX_BENCH_ROWS", "1000000"));
    private static final String DB = env("KCBX_BENCH_DB_NAME", "kcbx_bench");
    private static final int SCHOOLS = 2_000;
    private static final int STUDENTS = 200_000;
    private static final String[] PROFILES = {"baseline", "helan", "zhongyang", "boshan", "rongchang", "baiyin"};
    private static final long START_MS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_MS = 365L * 24 * 3600 * 1000;
    private static final long DAY_MS = 24L * 3600 * 1000;
    private static final int BATCH = 1_000;
    private static final int RUNS = 20;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String url(String db) {
        return "jdbc:mysql://" + env("KCBX_TEST_DB_HOST", "127.0.0.1") + ":" + env("KCBX_TEST_DB_PORT", "3306") + "/"
                + db + "?createDatabaseIfNotExist=true&characterEncoding=UTF-8&connectionTimeZone=UTC";
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(DB), env("KCBX_TEST_DB_USER", "root"),
                env("KCBX_TEST_DB_PASSWORD", ""));
    }

    @Test
    void searchAndVerifyOnAMillionDecisions() throws Exception {
        System.out.printf(Locale.ROOT, "%nDecision search benchmark: %,d decisions in MariaDB database %s%n", ROWS, DB);
        try (Connection c = connect()) {
            if (count(c, "SELECT COUNT(*) FROM decision_record") != ROWS || !tableExists(c)) {
                recreate(c);
            } else {
                System.out.println("Reusing the rows already loaded.");
            }
        }
        try (Connection c = connect()) {
            printIndexes(c);
            queries(c);
            verify(c);
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'audit_chain'") == 1;
    }

    private static void recreate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB);
            s.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        Flyway.configure().dataSource(url(DB), env("KCBX_TEST_DB_USER", "root"), env("KCBX_TEST_DB_PASSWORD", ""))
                .load().migrate();
        try (Connection fresh = connect()) {
            load(fresh);
        }
    }

    // ---- loading -------------------------------------------------------------------------------

    /** One synthetic decision: who, where, when and which flags. Deterministic per row. */
    private record Row(long id, String decisionId, String student, String school, String profile, long decidedAtMs,
                       List<String> flags, String risk) {
    }

    private static Row row(long id, Random random) {
        int student = random.nextInt(STUDENTS);
        int school = student % SCHOOLS;
        double r = random.nextDouble();
        List<String> flags = r < 0.60 ? List.of()
                : r < 0.80 ? List.of("ABSENT_UNEXCUSED")
                : r < 0.92 ? List.of("ABSENT_UNEXCUSED", "SUSPECTED_DROPOUT")
                : r < 0.98 ? List.of("ABSENT_UNEXCUSED", "PROLONGED_ABSENCE", "SUSPECTED_DROPOUT")
                : List.of("CHRONIC_ABSENCE");
        String risk = flags.isEmpty() ? "NONE" : flags.contains("SUSPECTED_DROPOUT") ? "HIGH" : "MEDIUM";
        return new Row(id, new java.util.UUID(0x4b43425800000000L | id, id).toString(),
                "stu-" + student, "school-" + school, PROFILES[school % PROFILES.length],
                START_MS + (id - 1) * (YEAR_MS / ROWS), flags, risk);
    }

    private static DecisionRecord record(Row r) {
        LocalDate asOf = LocalDate.ofEpochDay(r.decidedAtMs() / DAY_MS);
        String request = "{\"profile\":\"" + r.profile() + "\",\"asOf\":\"" + asOf + "\",\"student\":{\"id\":\""
                + r.student() + "\",\"schoolId\":\"" + r.school() + "\",\"grade\":7},\"attendance\":[{\"date\":\""
                + asOf + "\",\"status\":\"" + (r.flags().isEmpty() ? "PRESENT" : "ABSENT_UNEXCUSED") + "\"}]}";
        StringJoiner flags = new StringJoiner(",");
        for (String f : r.flags()) {
            flags.add("{\"code\":\"" + f + "\",\"since\":\"" + asOf + "\",\"reason\":\"" + asOf
                    + "无故缺勤，尚未到校\",\"ruleId\":\"attendance.x\",\"citation\":\"helan 一(四)\"}");
        }
        String decision = "{\"decisionId\":\"" + r.decisionId() + "\",\"rulesetVersion\":\"" + "a".repeat(64)
                + "\",\"profile\":\"" + r.profile() + "\",\"asOf\":\"" + asOf + "\",\"decidedAt\":\""
                + Instant.ofEpochMilli(r.decidedAtMs()) + "\",\"studentId\":\"" + r.student() + "\",\"schoolId\":\""
                + r.school() + "\",\"riskLevel\":\"" + r.risk() + "\",\"riskFactors\":[],\"flags\":[" + flags
                + "],\"actions\":[],\"monitoringGroups\":[],\"ledgers\":[\"ENROLLED_ROSTER\"],\"warnings\":[],"
                + "\"firedRules\":[\"ledgers.enrolled-roster\"]}";
        return new DecisionRecord(r.id(), r.decisionId(), r.student(), r.school(), r.profile(), asOf, "a".repeat(64),
                r.risk(), r.decidedAtMs(), request, decision);
    }

    private static void load(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION unique_checks = 0"); // the generator's ids are unique; a bulk load need not check
        }
        c.setAutoCommit(false);
        Random random = new Random(42);
        String prev = ChainHash.GENESIS;
        long started = System.nanoTime();
        for (long first = 1; first <= ROWS; first += BATCH) {
            int n = (int) Math.min(BATCH, ROWS - first + 1);
            List<DecisionRecord> records = new ArrayList<>(n);
            List<Row> rows = new ArrayList<>(n);
            List<Object[]> flagRows = new ArrayList<>();
            List<Object[]> chainRows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row r = row(first + i, random);
                rows.add(r);
                DecisionRecord d = record(r);
                records.add(d);
                for (String f : r.flags()) {
                    flagRows.add(new Object[] {f, r.id(), r.school()});
                }
                String content = ChainHash.sha256(DecisionRecordSql.canonical(d));
                String link = ChainHash.link(r.id(), "decision", r.decisionId(), r.decidedAtMs(), content, prev);
                chainRows.add(new Object[] {AuditChains.LEGACY, r.id(), "decision", r.decisionId(), r.decidedAtMs(),
                    ChainHash.stored(content), ChainHash.stored(prev), ChainHash.stored(link)});
                prev = link;
            }
            insert(c, "decision_record", "id, decision_id, student_id, school_id, profile, as_of, ruleset_version,"
                    + " risk_level, decided_at_ms, request_json, decision_json", 11, n, i -> {
                        DecisionRecord d = records.get(i);
                        return new Object[] {d.id(), d.decisionId(), d.studentId(), d.schoolId(), d.profile(),
                            d.asOf(), d.rulesetVersion(), d.riskLevel(), d.decidedAtMs(), d.requestJson(),
                            d.decisionJson()};
                    });
            insert(c, "decision_flag", "flag_code, decision_pk, school_id", 3, flagRows.size(), flagRows::get);
            insert(c, "audit_chain", "chain_name, seq, record_type, record_id, recorded_at_ms, content_hash, prev_hash,"
                    + " chain_hash", 8, n, chainRows::get);
            c.commit();
            if ((first - 1) % 100_000 == 0 && first > 1) {
                System.out.printf(Locale.ROOT, "  loaded %,d rows (%.0f rows/s)%n", first - 1,
                        (first - 1) / ((System.nanoTime() - started) / 1e9));
            }
        }
        Row last = row(ROWS, new Random(0)); // only its time matters: the head's time is the last row's
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM audit_chain_head WHERE chain_name = 'audit'");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain_head (last_seq, last_hash,"
                + " last_recorded_at_ms, chain_name) VALUES (?, ?, ?, 'audit')")) {
            ps.setLong(1, ROWS);
            ps.setString(2, prev);
            ps.setLong(3, last.decidedAtMs());
            ps.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "Loaded %,d decisions (+ flag index and chain) in %.1f s: %.0f rows/s,"
                + " %d rows per INSERT%n", ROWS, seconds, ROWS / seconds, BATCH);
        try (Statement s = c.createStatement()) {
            for (String t : List.of("decision_record", "decision_flag", "audit_chain")) {
                s.execute("ANALYZE TABLE " + t);
            }
        }
    }

    /** One multi-row INSERT ... VALUES (...), (...), ... for n rows. */
    private static void insert(Connection c, String table, String columns, int width, int n, IntFunction<Object[]> row)
            throws SQLException {
        if (n == 0) {
            return;
        }
        String one = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        String sql = "INSERT INTO " + table + " (" + columns + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(n, one));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (int i = 0; i < n; i++) {
                for (Object v : row.apply(i)) {
                    ps.setObject(p++, v);
                }
            }
            ps.executeUpdate();
        }
    }

    // ---- measuring -----------------------------------------------------------------------------

    private static void printIndexes(Connection c) throws SQLException {
        System.out.println("\nIndexes:");
        for (String table : List.of("decision_record", "decision_flag", "audit_chain")) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW INDEX FROM " + table)) {
                java.util.Map<String, StringJoiner> byName = new java.util.LinkedHashMap<>();
                while (rs.next()) {
                    byName.computeIfAbsent(rs.getString("Key_name"), k -> new StringJoiner(", "))
                            .add(rs.getString("Column_name"));
                }
                byName.forEach((name, cols) -> System.out.printf("  %-16s %-28s (%s)%n", table, name, cols));
            }
        }
    }

    /** A query and how to make its i-th variant. */
    private record Case(String name, IntFunction<DecisionQuery> query) {
    }

    private static void queries(Connection c) throws SQLException {
        Random random = new Random(7);
        long mid = START_MS + YEAR_MS / 2;
        List<Case> cases = List.of(
                new Case("newest page, no filter", i -> query(null, null, null, null, null, null)),
                new Case("studentId", i -> query("stu-" + random.nextInt(STUDENTS), null, null, null, null, null)),
                new Case("schoolId", i -> query(null, "school-" + random.nextInt(SCHOOLS), null, null, null, null)),
                new Case("profile", i -> query(null, null, PROFILES[i % PROFILES.length], null, null, null)),
                new Case("flag SUSPECTED_DROPOUT", i -> query(null, null, null, "SUSPECTED_DROPOUT", null, null)),
                new Case("flag CHRONIC_ABSENCE + schoolId", i -> query(null, "school-" + random.nextInt(SCHOOLS), null,
                        "CHRONIC_ABSENCE", null, null)),
                new Case("flag PROLONGED_ABSENCE + profile", i -> query(null, null, PROFILES[i % PROFILES.length],
                        "PROLONGED_ABSENCE", null, null)),
                new Case("from/to one day (mid-year)", i -> query(null, null, null, null, mid + i * DAY_MS,
                        mid + (i + 1) * DAY_MS)),
                new Case("schoolId + from/to one month", i -> query(null, "school-" + random.nextInt(SCHOOLS), null,
                        null, START_MS + (i % 11) * 30 * DAY_MS, START_MS + (i % 11 + 1) * 30 * DAY_MS)),
                new Case("flag SUSPECTED_DROPOUT + one week", i -> query(null, null, null, "SUSPECTED_DROPOUT",
                        mid + i * DAY_MS, mid + (i + 7) * DAY_MS)),
                new Case("studentId + flag ABSENT_UNEXCUSED", i -> query("stu-" + random.nextInt(STUDENTS), null, null,
                        "ABSENT_UNEXCUSED", null, null)));
        System.out.printf(Locale.ROOT, "%nQueries (page of 50, %d runs each, varied parameters):%n", RUNS);
        System.out.printf(Locale.ROOT, "  %-36s %9s %9s %9s %6s  %s%n", "query", "median ms", "p95 ms", "max ms",
                "rows", "index (EXPLAIN key)");
        for (Case k : cases) {
            measure(c, k);
        }
        deepPaging(c);
    }

    private static DecisionQuery query(String student, String school, String profile, String flag, Long from,
                                       Long to) {
        return new DecisionQuery(student, school, profile, flag, from, to, null, 50, false);
    }

    private static void measure(Connection c, Case k) throws SQLException {
        for (int i = 0; i < 3; i++) {
            DecisionSearchSql.search(c, k.query().apply(i)); // warm-up
        }
        double[] ms = new double[RUNS];
        int rows = 0;
        String index = null;
        for (int i = 0; i < RUNS; i++) {
            DecisionQuery q = k.query().apply(i);
            long t = System.nanoTime();
            List<DecisionRecord> page = DecisionSearchSql.search(c, q);
            ms[i] = (System.nanoTime() - t) / 1e6;
            rows += page.size();
            check(q, page);
            if (index == null) {
                index = explain(c, q);
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-36s %9.2f %9.2f %9.2f %6d  %s%n", k.name(), ms[RUNS / 2],
                ms[(int) Math.ceil(RUNS * 0.95) - 1], ms[RUNS - 1], rows / RUNS, index);
    }

    /** The answers are right: every row matches the filters, newest first. */
    private static void check(DecisionQuery q, List<DecisionRecord> page) {
        long last = Long.MAX_VALUE;
        for (DecisionRecord r : page) {
            assertTrue(r.id() < last, "newest first");
            last = r.id();
            assertTrue(q.studentId() == null || q.studentId().equals(r.studentId()));
            assertTrue(q.schoolId() == null || q.schoolId().equals(r.schoolId()));
            assertTrue(q.profile() == null || q.profile().equals(r.profile()));
            assertTrue(q.flag() == null || r.decisionJson().contains("\"code\":\"" + q.flag() + "\""));
            assertTrue(q.fromMs() == null || r.decidedAtMs() >= q.fromMs());
            assertTrue(q.toMs() == null || r.decidedAtMs() < q.toMs());
        }
    }

    private static String explain(Connection c, DecisionQuery q) throws SQLException {
        DecisionSearchSql.Statement st = DecisionSearchSql.statement(c, q);
        if (st == null) {
            return "(empty period)";
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + st.sql())) {
            for (int i = 0; i < st.args().size(); i++) {
                ps.setObject(i + 1, st.args().get(i));
            }
            StringJoiner keys = new StringJoiner(" + ");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString("table") + ":" + rs.getString("key"));
                }
            }
            return keys.toString();
        }
    }

    /** Following the cursor 20 pages into one school's decisions. */
    private static void deepPaging(Connection c) throws SQLException {
        DecisionQuery q = new DecisionQuery(null, "school-17", null, null, null, null, null, 20, false);
        double total = 0;
        double worst = 0;
        int pages = 0;
        for (; pages < 20; pages++) {
            long t = System.nanoTime();
            List<DecisionRecord> page = DecisionSearchSql.search(c, q);
            double ms = (System.nanoTime() - t) / 1e6;
            total += ms;
            worst = Math.max(worst, ms);
            if (page.size() < 20) {
                pages++;
                break;
            }
            q = q.after(page.get(page.size() - 1).id());
        }
        System.out.printf(Locale.ROOT, "  %-36s %9.2f %9s %9.2f %6s  (%d pages of 20 by cursor)%n",
                "schoolId, following the cursor", total / pages, "", worst, "", pages);
    }

    private static void verify(Connection c) throws SQLException {
        ChainVerifier verifier = new ChainVerifier(null, new AuditRecordTypes(List.of(new DecisionRecordSql())), null, null, List.of());
        System.out.println("\nChain verification (hash every record's canonical text again and check every link):");
        for (long wanted : new long[] {10_000, 100_000}) {
            long n = Math.min(wanted, ROWS);
            long from = ROWS - n + 1;
            long t = System.nanoTime();
            ChainVerification v = verifier.walk(c, AuditChains.LEGACY, from, (long) ROWS);
            double s = (System.nanoTime() - t) / 1e9;
            assertEquals(true, v.getOk(), () -> String.valueOf(v.getFirstFailure()));
            System.out.printf(Locale.ROOT, "  last %,d records: %.2f s (%,.0f records/s)%n", n, s, n / s);
        }
    }

    private static long count(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // no table yet
        }
    }
}
