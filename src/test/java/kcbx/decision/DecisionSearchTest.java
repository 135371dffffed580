package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stored decisions page newest first with a keyset cursor, and every filter narrows them. */
@MicronautTest(transactional = false)
@Tag("db")
class DecisionSearchTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    HttpCalls http;
    String school;

    @BeforeEach
    void setUp() {
        http = new HttpCalls(client, json);
        school = "search-" + UUID.randomUUID();
    }

    /** absentDays unexcused days ending 2025-09-10: 0 none, 1 ABSENT_UNEXCUSED, 3 also SUSPECTED_DROPOUT. */
    private String decide(String student, String profile, int absentDays) {
        List<String> days = List.of("2025-09-08", "2025-09-09", "2025-09-10");
        StringBuilder attendance = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            attendance.append(i == 0 ? "" : ",").append("{\"date\":\"").append(days.get(i)).append("\",\"status\":\"")
                    .append(i >= days.size() - absentDays ? "ABSENT_UNEXCUSED" : "PRESENT").append("\"}");
        }
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"%s","asOf":"2025-09-10","student":{"id":"%s","schoolId":"%s"},"attendance":[%s]}
                """.formatted(profile, student, school, attendance));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(d -> d.get("decisionId").toString()).toList();
    }

    private Map<String, Object> search(String query) {
        HttpCalls.Reply r = http.get("/v1/decisions?" + query);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void pagesRunNewestFirstWithoutGapsOrRepeats() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(0, decide("s-" + i, "helan", i % 4));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> page = search("schoolId=" + school + "&limit=3" + (after == null ? "" : "&after=" + after));
            seen.addAll(ids(page));
            after = (String) page.get("nextAfter");
            pages++;
        } while (after != null);
        assertEquals(made, seen, "newest first, each decision once");
        assertEquals(3, pages);

        Map<String, Object> exact = search("schoolId=" + school + "&limit=7");
        assertEquals(7, ids(exact).size());
        assertNull(exact.get("nextAfter"), "no next page when the page holds the rest");
    }

    @Test
    void filtersByStudentProfileFlagAndPeriod() throws Exception {
        String a = decide("alice", "helan", 3);
        String b = decide("bob", "baseline", 1);
        // recording times are milliseconds: keep the two halves apart by waiting for the clock to move on
        Instant between = Instant.ofEpochMilli(nextMillisecond(System.currentTimeMillis()));
        nextMillisecond(between.toEpochMilli());
        String c = decide("carol", "helan", 0);
        String d = decide("alice", "baseline", 3);

        assertEquals(List.of(d, a), ids(search("schoolId=" + school + "&studentId=alice")));
        assertEquals(List.of(c, a), ids(search("schoolId=" + school + "&profile=helan")));
        assertEquals(List.of(d, a), ids(search("schoolId=" + school + "&flag=SUSPECTED_DROPOUT")));
        assertEquals(List.of(d, b, a), ids(search("schoolId=" + school + "&flag=ABSENT_UNEXCUSED")));
        assertEquals(List.of(d), ids(search("studentId=alice&profile=baseline&flag=SUSPECTED_DROPOUT&schoolId=" + school)));
        assertEquals(List.of(d, c), ids(search("schoolId=" + school + "&from=" + encode(between.toString()))));
        assertEquals(List.of(b, a), ids(search("schoolId=" + school + "&to=" + encode(between.toString()))));
        assertEquals(List.of(d), ids(search("schoolId=" + school + "&flag=SUSPECTED_DROPOUT&from="
                + encode(between.toString()))));
        assertEquals(List.of(), ids(search("schoolId=" + school + "&from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z")));

        List<String> flagOnly = ids(search("flag=SUSPECTED_DROPOUT&limit=2"));
        assertEquals(List.of(d, a), flagOnly, "the newest decisions anywhere with the flag");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            limit 0           | limit=0                                          | limit
            limit 501         | limit=501                                        | limit
            cursor not a row  | after=abc                                        | after
            unknown flag      | flag=NOT_A_FLAG                                  | flag
            from after to     | from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z | to
            """)
    void badParametersAreProblemsNamingTheParameter(String name, String query, String field) {
        HttpCalls.Reply r = http.get("/v1/decisions?" + query);
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.body().contains("\"field\":\"" + field + "\""), r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Waits for the clock to show a later millisecond than {@code ms} (less than one), and returns it. */
    private static long nextMillisecond(long ms) {
        long now;
        while ((now = System.currentTimeMillis()) <= ms) {
            Thread.onSpinWait();
        }
        return now;
    }
}
