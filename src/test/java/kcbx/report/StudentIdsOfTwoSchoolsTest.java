package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.Role;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two schools of one township each have a child with student id "s-1" (other names, other
 * national IDs). Each school posts through its own credential. What one school posts for "s-1"
 * never shows on, nor changes, the other school's ledgers and reports (JSON, CSV, XLSX); the
 * township sees two children. A child who moves from one school to the other stays two histories.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("db")
class StudentIdsOfTwoSchoolsTest {
    static final String SAME_ID = "s-1";
    static final String NAME_A = "甲同学";
    static final String NAME_B = "乙同学";
    static final String NID_A = "110105201203150011";
    static final String NID_B = "110105201107200023";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    HttpCalls auditor;
    String tokenA;
    String tokenB;
    HttpCalls schoolA;
    HttpCalls schoolB;
    String a;
    String b;
    String township;
    String bDropout;
    String aDropout;
    String aReturned;
    String mover;

    @BeforeAll
    void postBothSchoolsDecisions() {
        auditor = new HttpCalls(client, json);
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = "scope-a-" + run;
        b = "scope-b-" + run;
        township = "同号镇-" + run;
        mover = "t-" + run;
        tokenA = credentials.issue("scoping test: school A", List.of(Role.SCHOOL_SYSTEM), List.of(a)).token();
        tokenB = credentials.issue("scoping test: school B", List.of(Role.SCHOOL_SYSTEM), List.of(b)).token();
        schoolA = auditor.as(tokenA);
        schoolB = auditor.as(tokenB);
        // B's child drops out first; A's child with the same id drops out on the same day, recorded
        // later (so by recording order A's decision would be "the latest" of an id-only history),
        // and returns on 15 Oct.
        bDropout = decide(schoolB, b, SAME_ID, NAME_B, NID_B, "2025-09-12", dropoutAttendance(), failedVerification(), null, "ENROLLED");
        aDropout = decide(schoolA, a, SAME_ID, NAME_A, NID_A, "2025-09-12", dropoutAttendance(), failedVerification(), null, "ENROLLED");
        aReturned = decide(schoolA, a, SAME_ID, NAME_A, NID_A, "2025-10-20",
                present("2025-10-15", "2025-10-16", "2025-10-17", "2025-10-20"), "[]", "2025-10-15", "ENROLLED");
        // the mover: a dropout at A, then in class at B under the same id from 8 Oct; A records the transfer out on 10 Oct
        decide(schoolA, a, mover, "丙同学", "110105201201010031", "2025-09-12", dropoutAttendance(), failedVerification(), null, "ENROLLED");
        decide(schoolB, b, mover, "丙同学", "110105201201010031", "2025-10-08", present("2025-10-08"), "[]", null, "ENROLLED");
        decide(schoolA, a, mover, "丙同学", "110105201201010031", "2025-10-10", present("2025-10-08"), "[]", null, "TRANSFERRED_OUT");
    }

    private String decide(HttpCalls as, String school, String student, String name, String nationalId, String asOf,
                          String attendance, String interventions, String returnedOn, String registryStatus) {
        HttpCalls.Reply r = as.post("/v1/decisions", """
                {"profile":"baseline","asOf":"%s","student":{"id":"%s","schoolId":"%s","township":"%s","name":"%s",
                 "nationalId":"%s","gender":"FEMALE","grade":7,"className":"七(1)班","registryStatus":"%s"%s},
                 "attendance":%s,"interventions":%s}
                """.formatted(asOf, student, school, township, name, nationalId, registryStatus,
                returnedOn == null ? "" : ",\"returnedOn\":\"" + returnedOn + "\"", attendance, interventions));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private static String dropoutAttendance() {
        StringBuilder s = new StringBuilder("[{\"date\":\"2025-09-05\",\"status\":\"PRESENT\"}");
        for (String d : List.of("2025-09-08", "2025-09-09", "2025-09-10", "2025-09-11", "2025-09-12")) {
            s.append(",{\"date\":\"").append(d).append("\",\"status\":\"ABSENT_UNEXCUSED\"}");
        }
        return s.append("]").toString();
    }

    private static String present(String... days) {
        List<String> items = new ArrayList<>();
        for (String d : days) {
            items.add("{\"date\":\"" + d + "\",\"status\":\"PRESENT\"}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String failedVerification() {
        return "[{\"date\":\"2025-09-08\",\"type\":\"FAMILY_CONTACT\",\"outcome\":\"DONE\"},"
                + "{\"date\":\"2025-09-12\",\"type\":\"TOWNSHIP_VERIFICATION\",\"outcome\":\"FAILED\"}]";
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Map<String, Object> ledger(HttpCalls as, String ledger, String scope, String asOf) {
        HttpCalls.Reply r = as.get("/v1/ledgers/" + ledger + "?" + scope + "&asOf=" + asOf);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> ledger, String studentId) {
        return ((List<Map<String, Object>>) ledger.get("entries")).stream()
                .filter(e -> e.get("studentId").equals(studentId)).toList();
    }

    private static Map<String, Object> only(Map<String, Object> ledger, String studentId) {
        List<Map<String, Object>> found = entries(ledger, studentId);
        assertEquals(1, found.size(), studentId + " once in " + ledger.get("entries"));
        return found.get(0);
    }

    private byte[] download(String token, String path) {
        io.micronaut.http.HttpResponse<byte[]> r = client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(token), byte[].class);
        assertEquals(200, r.code());
        return r.body();
    }

    private static String cells(byte[] xlsx) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            for (Row row : sheet) {
                for (Cell c : row) {
                    out.append(c.toString()).append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void assertShowsOnly(String text, String name, String nationalId, String otherName, String otherNationalId) {
        assertTrue(text.contains(name) && text.contains(nationalId), text);
        assertFalse(text.contains(otherName) || text.contains(otherNationalId), "the other school's child shows: " + text);
    }

    @Test
    void aDecisionOfSchoolAForTheSameIdNeitherShowsOnNorTakesTheChildOffSchoolBsDropoutLedger() {
        for (String asOf : List.of("2025-09-30", "2025-10-31")) {
            Map<String, Object> l = ledger(schoolB, "DROPOUT_LEDGER", "schoolId=" + q(b), asOf);
            Map<String, Object> e = only(l, SAME_ID);
            assertEquals(true, e.get("onLedger"), e.toString());
            assertNull(e.get("leftOn"), e.toString());
            assertNull(e.get("leftReason"), e.toString());
            assertEquals(NAME_B, e.get("name"));
            assertEquals(NID_B, e.get("nationalId"));
            assertEquals(bDropout, e.get("decisionId"));
            assertEquals(b, e.get("schoolId"));
            assertFalse(l.toString().contains(NAME_A) || l.toString().contains(NID_A), l.toString());
        }
    }

    @Test
    void schoolAsLedgerShowsItsOwnChildAndItsReturnOnly() {
        Map<String, Object> sept = only(ledger(schoolA, "DROPOUT_LEDGER", "schoolId=" + q(a), "2025-09-30"), SAME_ID);
        assertEquals(true, sept.get("onLedger"));
        assertEquals(NAME_A, sept.get("name"));
        assertEquals(NID_A, sept.get("nationalId"));
        assertEquals(aDropout, sept.get("decisionId"));
        Map<String, Object> oct = only(ledger(schoolA, "DROPOUT_LEDGER", "schoolId=" + q(a), "2025-10-31"), SAME_ID);
        assertEquals(false, oct.get("onLedger"));
        assertEquals("2025-10-20", oct.get("leftOn"));
        assertEquals("RETURNED", oct.get("leftReason"));
        assertEquals(aReturned, oct.get("decisionId"));
    }

    @Test
    void ledgerCsvAndXlsxOfEachSchoolShowOnlyItsOwnChild() throws IOException {
        String pathB = "/v1/ledgers/DROPOUT_LEDGER?schoolId=" + q(b) + "&asOf=2025-10-31";
        assertShowsOnly(schoolB.get(pathB + "&format=csv").body(), NAME_B, NID_B, NAME_A, NID_A);
        assertShowsOnly(cells(download(tokenB, pathB + "&format=xlsx")), NAME_B, NID_B, NAME_A, NID_A);
        String pathA = "/v1/ledgers/DROPOUT_LEDGER?schoolId=" + q(a) + "&asOf=2025-09-30";
        assertShowsOnly(schoolA.get(pathA + "&format=csv").body(), NAME_A, NID_A, NAME_B, NID_B);
        assertShowsOnly(cells(download(tokenA, pathA + "&format=xlsx")), NAME_A, NID_A, NAME_B, NID_B);
    }

    @Test
    void monthlyReportOfSchoolBKeepsItsDropoutAfterSchoolAsChildReturned() throws IOException {
        String oct = "/v1/reports/monthly-dropout?month=2025-10&schoolId=" + q(b);
        String csv = schoolB.get(oct + "&format=csv").body();
        assertShowsOnly(csv, NAME_B, NID_B, NAME_A, NID_A);
        assertEquals(5, csv.split("\r\n").length, "title, header fields, columns, B's one dropout and the signature line: " + csv);
        assertShowsOnly(cells(download(tokenB, oct + "&format=xlsx")), NAME_B, NID_B, NAME_A, NID_A);

        String septA = "/v1/reports/monthly-dropout?month=2025-09&schoolId=" + q(a) + "&format=csv";
        assertShowsOnly(schoolA.get(septA).body(), NAME_A, NID_A, NAME_B, NID_B);
        String octA = schoolA.get("/v1/reports/monthly-dropout?month=2025-10&schoolId=" + q(a) + "&format=csv").body();
        assertFalse(octA.contains(NAME_B) || octA.contains(NID_B) || octA.contains(NAME_A), octA);
    }

    @Test
    @SuppressWarnings("unchecked")
    void termSummaryCountsEachSchoolsChildInItsOwnSchool() throws IOException {
        String path = "/v1/reports/term-summary?date=2025-11-01&schoolId=" + q(b);
        HttpCalls.Reply r = schoolB.get(path);
        assertEquals(200, r.status(), r.body());
        // B: s-1 dropped out; the mover in class at B (its days at A are A's to count)
        assertEquals(List.of(Map.of("schoolId", b, "inSchool", 1, "droppedOut", 1, "outOfSchool", 0, "moved", 0, "students", 2)),
                r.json().get("schools"));
        String csv = schoolB.get(path + "&format=csv").body();
        assertTrue(csv.contains(b + ",1,1,0,0,2"), csv);
        assertFalse(csv.contains(a), csv);
        String xlsx = cells(download(tokenB, path + "&format=xlsx"));
        assertTrue(xlsx.contains(b + "|1.0|1.0|0.0|0.0|2.0|"), xlsx);

        HttpCalls.Reply town = auditor.get("/v1/reports/term-summary?date=2025-11-01&township=" + q(township));
        List<Map<String, Object>> schools = (List<Map<String, Object>>) town.json().get("schools");
        Map<String, Map<String, Object>> bySchool = schools.stream().collect(Collectors.toMap(s -> s.get("schoolId").toString(), s -> s));
        // A: s-1 returned (in school), the mover transferred out (异动)
        assertEquals(Map.of("schoolId", a, "inSchool", 1, "droppedOut", 0, "outOfSchool", 0, "moved", 1, "students", 2), bySchool.get(a));
        assertEquals(Map.of("schoolId", b, "inSchool", 1, "droppedOut", 1, "outOfSchool", 0, "moved", 0, "students", 2), bySchool.get(b));
        assertEquals(4, ((Map<String, Object>) town.json().get("total")).get("students"), "two children per school: " + schools);
    }

    @Test
    void townshipViewsListBothChildrenOfTheSameIdAsTwoRows() throws IOException {
        Map<String, Object> l = ledger(auditor, "DROPOUT_LEDGER", "township=" + q(township), "2025-09-30");
        List<Map<String, Object>> both = entries(l, SAME_ID);
        assertEquals(2, both.size(), both.toString());
        assertEquals(Set.of(a, b), both.stream().map(e -> e.get("schoolId")).collect(Collectors.toSet()));
        assertEquals(Set.of(NAME_A, NAME_B), both.stream().map(e -> e.get("name")).collect(Collectors.toSet()));
        assertEquals(Set.of(aDropout, bDropout), both.stream().map(e -> e.get("decisionId")).collect(Collectors.toSet()));

        String monthly = cells(download(kcbx.security.TestCredentials.defaultToken(), "/v1/reports/monthly-dropout?month=2025-09&township=" + q(township) + "&format=xlsx"));
        assertTrue(monthly.contains(NAME_A) && monthly.contains(NID_A) && monthly.contains(NAME_B) && monthly.contains(NID_B), monthly);
    }

    @Test
    void aSchoolCredentialAskingForTheOtherSchoolOrTheTownshipIsRefused() {
        for (String path : List.of("/v1/ledgers/DROPOUT_LEDGER?asOf=2025-10-31&schoolId=" + q(b),
                "/v1/ledgers/DROPOUT_LEDGER?asOf=2025-10-31&township=" + q(township),
                "/v1/reports/monthly-dropout?month=2025-10&format=csv&schoolId=" + q(b),
                "/v1/reports/term-summary?date=2025-11-01&schoolId=" + q(b))) {
            HttpCalls.Reply r = schoolA.get(path);
            assertEquals(403, r.status(), path + ": " + r.body());
            assertEquals("school_not_served", r.json().get("code"), r.body());
            assertFalse(r.body().contains(NAME_B) || r.body().contains(NID_B), r.body());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDecisionIdOfTheOtherSchoolIsNotFoundForASchoolAndFoundForAnAuditor() {
        assertEquals(404, schoolA.get("/v1/decisions/" + bDropout).status());
        assertEquals(200, schoolB.get("/v1/decisions/" + bDropout).status());
        HttpCalls.Reply search = auditor.get("/v1/decisions?studentId=" + SAME_ID + "&schoolId=" + q(b));
        assertEquals(200, search.status(), search.body());
        List<Map<String, Object>> found = (List<Map<String, Object>>) search.json().get("items");
        assertEquals(List.of(bDropout), found.stream().map(d -> d.get("decisionId")).toList(),
                "the auditor's search by student id within a school finds that school's decisions only");
    }

    @Test
    void aDecisionNamingNoSchoolIsAStudentOfNoSchoolAndLeavesTheSchoolsLedgersAlone() {
        // only a credential for every school may leave the school out; its child is nobody else's
        String elsewhere = township + "-无校";
        HttpCalls.Reply r = auditor.post("/v1/decisions", """
                {"profile":"baseline","asOf":"2025-10-20","student":{"id":"%s","township":"%s","name":"无校同学",
                 "registryStatus":"ENROLLED"},"attendance":%s}
                """.formatted(SAME_ID, elsewhere, present("2025-10-20")));
        assertEquals(200, r.status(), r.body());
        Map<String, Object> atB = only(ledger(schoolB, "DROPOUT_LEDGER", "schoolId=" + q(b), "2025-10-31"), SAME_ID);
        assertEquals(true, atB.get("onLedger"), atB.toString());
        assertEquals(bDropout, atB.get("decisionId"));
        HttpCalls.Reply summary = auditor.get("/v1/reports/term-summary?date=2025-11-01&township=" + q(elsewhere));
        assertEquals(List.of(Map.of("schoolId", "", "inSchool", 1, "droppedOut", 0, "outOfSchool", 0, "moved", 0, "students", 1)),
                summary.json().get("schools"), summary.body());
    }

    @Test
    void aChildWhoMovesToTheOtherSchoolStaysOnTheFirstSchoolsLedgerUntilThatSchoolRecordsTheTransfer() {
        // B's decision for the mover (in class at B from 8 Oct) does not take the child off A's ledger
        Map<String, Object> atA = only(ledger(schoolA, "DROPOUT_LEDGER", "schoolId=" + q(a), "2025-10-09"), mover);
        assertEquals(true, atA.get("onLedger"), atA.toString());
        assertTrue(entries(ledger(schoolB, "DROPOUT_LEDGER", "schoolId=" + q(b), "2025-10-09"), mover).isEmpty());

        // A records the transfer out on 10 Oct: the child leaves A's ledger as transferred, from that decision on
        Map<String, Object> after = only(ledger(schoolA, "DROPOUT_LEDGER", "schoolId=" + q(a), "2025-10-31"), mover);
        assertEquals(false, after.get("onLedger"), after.toString());
        assertEquals("2025-10-10", after.get("leftOn"));
        assertEquals("TRANSFERRED", after.get("leftReason"));
        Map<String, Object> town = ledger(auditor, "DROPOUT_LEDGER", "township=" + q(township), "2025-10-31");
        assertEquals(1, entries(town, mover).size(), "one row, at A, left as transferred: " + town.get("entries"));
    }
}
