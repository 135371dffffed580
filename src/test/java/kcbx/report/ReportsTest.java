package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.util.UUID;
import kcbx.decision.HttpCalls;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ledgers, the monthly dropout report and the term summary, read back as JSON, CSV and XLSX
 * (opened with POI) from the decisions of a small scenario set posted through the API: two schools
 * of one township, a student who dropped out, one who dropped out and returned, one suspected and
 * back in class, one studying elsewhere, one in class throughout.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("db")
class ReportsTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    kcbx.security.Credentials credentials;

    HttpCalls http;
    String school;
    String school2;
    String township;
    String run;

    @BeforeAll
    void postScenarioSet() {
        http = new HttpCalls(client, json);
        run = UUID.randomUUID().toString().substring(0, 8);
        school = "rpt-a-" + run;
        school2 = "rpt-b-" + run;
        township = "报告镇-" + run;
        // D1: suspected on 10 Sep, dropout on 12 Sep (township verification failed), registered poor
        decide("d1", school, "张三", "MALE", 7, "七(2)班", "110105201203150011", "2025-09-10", absences(3), "[]", "REGISTERED_POOR", null);
        decide("d1", school, "张三", "MALE", 7, "七(2)班", "110105201203150011", "2025-09-12", absences(5), failedVerification(), "REGISTERED_POOR", null);
        // D2: dropout on 12 Sep, returned on 15 Oct (decision of 20 Oct)
        decide("d2", school, "李四", "FEMALE", 8, "八(1)班", "110105201107200023", "2025-09-12", absences(5), failedVerification(), "NONE", null);
        decide("d2", school, "李四", "FEMALE", 8, "八(1)班", "110105201107200023", "2025-10-20", present("2025-10-15", "2025-10-16", "2025-10-17", "2025-10-20"), "[]", "NONE", "2025-10-15");
        // P: suspected on 10 Sep, back in class by 15 Sep
        decide("p", school, "王五", "MALE", 7, "七(1)班", null, "2025-09-10", absences(3), "[]", null, null);
        decide("p", school, "王五", "MALE", 7, "七(1)班", null, "2025-09-15", present("2025-09-11", "2025-09-12", "2025-09-15"), "[]", null, null);
        // N: in class throughout
        decide("n", school, "赵六", "FEMALE", 7, "七(1)班", null, "2025-09-10", present("2025-09-08", "2025-09-09", "2025-09-10"), "[]", null, null);
        // E: studying elsewhere, confirmed
        HttpCalls.Reply e = http.post("/v1/decisions", """
                {"profile":"baseline","asOf":"2025-10-14","student":{"id":"%s","schoolId":"%s","township":"%s","grade":7,
                 "registryStatus":"ENROLLED","studyingElsewhereConfirmed":true},
                 "attendance":[{"date":"2025-10-13","status":"ABSENT_UNEXCUSED"},{"date":"2025-10-14","status":"ABSENT_UNEXCUSED"}]}
                """.formatted(id("e"), school, township));
        assertEquals(200, e.status(), e.body());
        // D3: dropout at the other school of the township
        decide("d3", school2, "孙七", "MALE", 9, "九(3)班", "110105201201010031", "2025-09-12", absences(5), failedVerification(), "NONE", null);
    }

    String id(String who) {
        return who + "-" + run;
    }

    private void decide(String who, String schoolId, String name, String gender, int grade, String className,
                        String nationalId, String asOf, String attendance, String interventions, String poverty,
                        String returnedOn) {
        String body = """
                {"profile":"baseline","asOf":"%s","student":{"id":"%s","schoolId":"%s"%s,"township":"%s","name":"%s",
                 "gender":"%s","grade":%d,"className":"%s"%s,"registryStatus":"ENROLLED"%s}%s,
                 "attendance":%s,"interventions":%s}
                """.formatted(asOf, id(who), schoolId,
                // the second school's system sends its name, which the monthly report prints
                schoolId.equals(school2) ? ",\"schoolName\":\"报告镇第二中学\"" : "", township, name, gender, grade, className,
                nationalId == null ? "" : ",\"nationalId\":\"" + nationalId + "\"",
                returnedOn == null ? "" : ",\"returnedOn\":\"" + returnedOn + "\"",
                poverty == null ? "" : ",\"family\":{\"poverty\":\"" + poverty + "\"}", attendance, interventions);
        HttpCalls.Reply r = http.post("/v1/decisions", body);
        assertEquals(200, r.status(), r.body());
    }

    /** n unexcused school days from 8 Sep, after a present 5 Sep. */
    private static String absences(int n) {
        List<String> days = List.of("2025-09-08", "2025-09-09", "2025-09-10", "2025-09-11", "2025-09-12");
        StringBuilder s = new StringBuilder("[{\"date\":\"2025-09-05\",\"status\":\"PRESENT\"}");
        for (int i = 0; i < n; i++) {
            s.append(",{\"date\":\"").append(days.get(i)).append("\",\"status\":\"ABSENT_UNEXCUSED\"}");
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

    private Map<String, Object> ledgerJson(String ledger, String scope, String asOf) {
        HttpCalls.Reply r = http.get("/v1/ledgers/" + ledger + "?" + scope + "&asOf=" + asOf);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> ledger, String studentId) {
        return ((List<Map<String, Object>>) ledger.get("entries")).stream()
                .filter(e -> e.get("studentId").equals(studentId)).findFirst()
                .orElseThrow(() -> new AssertionError(studentId + " is not in " + ledger.get("entries")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> students(Map<String, Object> ledger) {
        return ((List<Map<String, Object>>) ledger.get("entries")).stream().map(e -> e.get("studentId").toString()).sorted().toList();
    }

    private HttpResponse<byte[]> download(String path, String accept) {
        HttpRequest<?> request = HttpRequest.GET(path).bearerAuth(kcbx.security.TestCredentials.defaultToken());
        if (accept != null) {
            request = HttpRequest.GET(path).accept(accept).bearerAuth(kcbx.security.TestCredentials.defaultToken());
        }
        HttpResponse<byte[]> r = client.toBlocking().exchange(request, byte[].class);
        assertEquals(200, r.code());
        return r;
    }

    private static Workbook workbook(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    private static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell c = row.getCell(i);
            out.add(c == null ? "" : c.getCellType() == CellType.NUMERIC ? String.valueOf((long) c.getNumericCellValue())
                    : c.getStringCellValue());
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void dropoutLedgerListsWhoIsOnItSinceWhenWhyAndTheOpenActions() {
        Map<String, Object> sept = ledgerJson("DROPOUT_LEDGER", "schoolId=" + q(school), "2025-09-30");
        assertEquals(List.of(id("d1"), id("d2")), students(sept));
        assertEquals(2, sept.get("onLedger"));
        assertEquals(0, sept.get("left"));
        Map<String, Object> d1 = entry(sept, id("d1"));
        assertEquals(true, d1.get("onLedger"));
        assertEquals("2025-09-12", d1.get("since"));
        assertEquals("张三", d1.get("name"));
        assertEquals(7, d1.get("grade"));
        assertTrue(((List<String>) d1.get("reasons")).size() == 1, d1.toString());
        List<Map<String, Object>> actions = (List<Map<String, Object>>) d1.get("openActions");
        assertTrue(actions.stream().anyMatch(a -> a.get("code").equals("WRITTEN_REPORT") && a.get("responsible").equals("SCHOOL")
                && a.get("dueDate").equals("2025-09-15")), actions.toString());
        assertNull(d1.get("leftOn"));

        Map<String, Object> before = ledgerJson("DROPOUT_LEDGER", "schoolId=" + q(school), "2025-09-11");
        assertEquals(List.of(), students(before));
    }

    @Test
    void aReturnedStudentLeavesTheDropoutLedgerOnTheDayOfTheDecisionThatSaysSo() {
        Map<String, Object> oct = ledgerJson("DROPOUT_LEDGER", "schoolId=" + q(school), "2025-10-31");
        assertEquals(1, oct.get("onLedger"));
        assertEquals(1, oct.get("left"));
        Map<String, Object> d2 = entry(oct, id("d2"));
        assertEquals(false, d2.get("onLedger"));
        assertEquals("2025-09-12", d2.get("since"));
        assertEquals("2025-10-20", d2.get("leftOn"));
        assertEquals("RETURNED", d2.get("leftReason"));
        assertEquals("已返校复学", d2.get("leftReasonText"));
        assertEquals(List.of(), d2.get("openActions"));
        assertEquals(true, entry(oct, id("d1")).get("onLedger"));
    }

    @Test
    void suspectedLedgerShowsWhoCameBackAndWhoBecameADropout() {
        Map<String, Object> l = ledgerJson("SUSPECTED_DROPOUT_LEDGER", "schoolId=" + q(school), "2025-09-30");
        assertEquals(List.of(id("d1"), id("p")), students(l));
        assertEquals(0, l.get("onLedger"));
        Map<String, Object> p = entry(l, id("p"));
        assertEquals("2025-09-10", p.get("since"));
        assertEquals("2025-09-15", p.get("leftOn"));
        assertEquals("NO_LONGER_MET", p.get("leftReason"));
        Map<String, Object> d1 = entry(l, id("d1"));
        assertEquals("2025-09-12", d1.get("leftOn"));
        assertEquals("DROPPED_OUT", d1.get("leftReason"));

        Map<String, Object> on10th = ledgerJson("SUSPECTED_DROPOUT_LEDGER", "schoolId=" + q(school), "2025-09-10");
        assertEquals(2, on10th.get("onLedger"));
    }

    @Test
    void townshipScopeCoversEverySchoolOfTheTownship() {
        Map<String, Object> l = ledgerJson("DROPOUT_LEDGER", "township=" + q(township), "2025-09-30");
        assertEquals(List.of(id("d1"), id("d2"), id("d3")), students(l));
    }

    @Test
    void ledgerAsCsvByFormatAndAsXlsxByAcceptHeader() throws IOException {
        String path = "/v1/ledgers/DROPOUT_LEDGER?schoolId=" + q(school) + "&asOf=2025-10-31";
        HttpResponse<byte[]> csv = download(path + "&format=csv", null);
        assertTrue(csv.getContentType().orElseThrow().toString().startsWith("text/csv"));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF辍学学生台账\r\n"), text);
        String[] lines = text.split("\r\n");
        assertEquals(String.join(",", ReportTables.LEDGER_COLUMNS), lines[2]);
        assertEquals(5, lines.length, text);
        assertTrue(lines[4].contains("已销号") && lines[4].contains("2025-10-20") && lines[4].contains("已返校复学"), lines[4]);

        HttpResponse<byte[]> xlsx = download(path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertEquals(TableFiles.XLSX.getName(), xlsx.getContentType().orElseThrow().getName());
        try (Workbook wb = workbook(xlsx.body())) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("辍学学生台账", sheet.getRow(0).getCell(0).getStringCellValue());
            assertEquals(ReportTables.LEDGER_COLUMNS, texts(sheet.getRow(2)));
            assertEquals(4, sheet.getLastRowNum());
            List<String> d1 = texts(sheet.getRow(3));
            assertEquals(List.of("1", id("d1"), "张三", "男", school, township, "七年级", "七(2)班", "110105201203150011", "在册",
                    "2025-09-12"), d1.subList(0, 11));
            assertTrue(d1.get(12).contains("书面报告乡镇政府和教育局（学校，2025-09-15前，逾期46天）"), d1.get(12));
            assertEquals("逾期51天", d1.get(13), "the 逾期 column names the longest-overdue action (报告乡镇, due 10 Sep)");
        }
    }

    @Test
    void monthlyDropoutReportHasTheFormsHeaderColumnsAndOneRowPerDropout() throws IOException {
        HttpResponse<byte[]> r = download("/v1/reports/monthly-dropout?month=2025-09&schoolId=" + q(school)
                + "&schoolName=" + q("报告镇中心校") + "&reportedOn=2025-10-10&filledBy=" + q("周老师") + "&phone=0358-1234567", null);
        assertEquals(TableFiles.XLSX.getName(), r.getContentType().orElseThrow().getName());
        try (Workbook wb = workbook(r.body())) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("义务教育阶段学生辍学月报表（2025年9月）", sheet.getRow(0).getCell(0).getStringCellValue());
            List<String> header = texts(sheet.getRow(1)).stream().filter(s -> !s.isEmpty()).toList();
            assertEquals(List.of("学校（盖章）：报告镇中心校", "报送时间：2025年10月10日", "填表人：周老师", "联系电话：0358-1234567"), header);
            assertEquals(List.of("序号", "学校", "姓名", "性别", "年级", "班级", "身份证号码", "辍学原因",
                    "是否为建档立卡贫困家庭子女", "控辍保学措施"), texts(sheet.getRow(2)));
            assertEquals(6, sheet.getLastRowNum(), "two dropouts in September, a blank row and the signature line");
            assertEquals("主要负责同志签字（盖章）：", texts(sheet.getRow(6)).stream().filter(x -> !x.isEmpty()).findFirst().orElseThrow());
            List<String> d1 = texts(sheet.getRow(3));
            assertEquals(List.of("1", school, "张三", "男", "七年级", "七(2)班", "110105201203150011"), d1.subList(0, 7));
            assertTrue(!d1.get(7).isEmpty(), "辍学原因 is the DROPOUT flag's reason");
            assertEquals("是", d1.get(8));
            assertTrue(d1.get(9).contains("已采取：2025-09-08家校联系（已完成）；2025-09-12乡镇核查（未果）"), d1.get(9));
            assertTrue(d1.get(9).contains("拟采取：") && d1.get(9).contains("书面报告乡镇政府和教育局（学校，2025-09-15前，逾期15天）"), d1.get(9));
            assertTrue(sheet.getRow(3).getHeightInPoints() >= 4 * 10, "a row is as tall as its wrapped 措施: " + sheet.getRow(3).getHeightInPoints());
            List<String> d2 = texts(sheet.getRow(4));
            assertEquals(List.of("2", school, "李四", "女", "八年级"), d2.subList(0, 5));
            assertEquals("否", d2.get(8));
            PrintSetup print = sheet.getPrintSetup();
            assertTrue(print.getLandscape());
            assertEquals(PrintSetup.A4_PAPERSIZE, print.getPaperSize());
        }
    }

    @Test
    void monthlyReportOfOctoberLeavesOutTheReturnedStudentAndCountyScopeCoversEveryone() throws IOException {
        HttpResponse<byte[]> oct = download("/v1/reports/monthly-dropout?month=2025-10&schoolId=" + q(school) + "&format=csv", null);
        String text = new String(oct.body(), StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertEquals("学校（盖章）：" + school + ",报送时间：,填表人：,联系电话：", lines[1]);
        assertEquals("序号,学校,姓名,性别,年级,班级,身份证号码,辍学原因,是否为建档立卡贫困家庭子女,控辍保学措施", lines[2]);
        assertTrue(lines[3].startsWith("1," + school + ",张三,男,七年级,七(2)班,110105201203150011,"), lines[3]);
        assertEquals(5, lines.length, "title, header fields, columns, one student and the signature line: " + text);
        assertEquals("主要负责同志签字（盖章）：", lines[4]);

        try (Workbook wb = workbook(download("/v1/reports/monthly-dropout?month=2025-09&township=" + q(township), null).body())) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals(7, sheet.getLastRowNum(), "three dropouts in the township and the signature line");
            assertEquals("学校（盖章）：" + township, sheet.getRow(1).getCell(0).getStringCellValue());
            List<List<String>> rows = List.of(texts(sheet.getRow(3)), texts(sheet.getRow(4)), texts(sheet.getRow(5)));
            assertTrue(rows.stream().anyMatch(r -> r.get(1).equals("报告镇第二中学") && r.get(2).equals("孙七")),
                    "学校 is the name the school system sent: " + rows);
            assertTrue(rows.stream().anyMatch(r -> r.get(1).equals(school) && r.get(2).equals("张三")),
                    "学校 falls back to the school id without a name: " + rows);
        }
    }

    @Test
    void termSummaryCountsEachStudentOnceByTheLatestDecisionOfTheTerm() throws IOException {
        HttpCalls.Reply r = http.get("/v1/reports/term-summary?date=2025-11-01&township=" + q(township));
        assertEquals(200, r.status(), r.body());
        assertEquals("2025年秋季学期", r.json().get("term"));
        assertEquals("2025-09-01", r.json().get("termStart"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> schools = (List<Map<String, Object>>) r.json().get("schools");
        assertEquals(Map.of("schoolId", school, "inSchool", 3, "droppedOut", 1, "outOfSchool", 0, "moved", 1, "students", 5),
                schools.get(0));
        assertEquals(Map.of("schoolId", school2, "schoolName", "报告镇第二中学", "inSchool", 0, "droppedOut", 1, "outOfSchool", 0,
                "moved", 0, "students", 1), schools.get(1), "the name the school's system gave");
        assertEquals("基线（五份文件共通部分）", r.json().get("profileName"), "the profile by its profile.yaml name");
        assertEquals(Map.of("schoolId", "合计", "inSchool", 3, "droppedOut", 2, "outOfSchool", 0, "moved", 1, "students", 6),
                r.json().get("total"));

        try (Workbook wb = workbook(download("/v1/reports/term-summary?date=2025-11-01&township=" + q(township)
                + "&format=xlsx", null).body())) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals(ReportTables.TERM_COLUMNS, texts(sheet.getRow(2)));
            assertEquals(List.of(school, "3", "1", "0", "1", "5"), texts(sheet.getRow(3)));
            assertEquals(List.of("报告镇第二中学", "0", "1", "0", "0", "1"), texts(sheet.getRow(4)), "a school by the name its system gave");
            assertEquals(List.of("合计", "3", "2", "0", "1", "6"), texts(sheet.getRow(5)));
            // the total row is the sum of the school rows, column by column
            for (int col = 1; col <= 5; col++) {
                double sum = 0;
                for (int row = 3; row < 5; row++) {
                    sum += sheet.getRow(row).getCell(col).getNumericCellValue();
                }
                assertEquals(sum, sheet.getRow(5).getCell(col).getNumericCellValue());
            }
        }
    }

    @Test
    void schoolAndTownshipTogetherIsAProblemNamingTheField() {
        HttpCalls.Reply r = http.get("/v1/ledgers/DROPOUT_LEDGER?schoolId=x&township=y&asOf=2025-09-30");
        assertEquals(400, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("township", ((List<Map<String, Object>>) (Object) r.json().get("errors")).get(0).get("field"));
    }

    @Test
    void anUnknownLedgerOrMonthIsABadRequest() {
        HttpCalls.Reply ledger = http.get("/v1/ledgers/NO_SUCH_LEDGER?asOf=2025-09-30");
        assertEquals(400, ledger.status(), ledger.body());
        assertTrue(ledger.body().contains("\"field\":\"ledger\""), ledger.body());
        HttpCalls.Reply month = http.get("/v1/reports/monthly-dropout?month=2025-13");
        assertEquals(400, month.status(), month.body());
        assertEquals("application/problem+json", month.contentType());
        HttpCalls.Reply term = http.get("/v1/reports/term-summary?date=2025-08-01");
        assertEquals(400, term.status(), term.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOpenActionPastItsDueDateIsMarkedOverdueWithTheDays() {
        Map<String, Object> d1 = entry(ledgerJson("DROPOUT_LEDGER", "schoolId=" + q(school), "2025-10-31"), id("d1"));
        Map<String, Object> report = ((List<Map<String, Object>>) d1.get("openActions")).stream()
                .filter(a -> a.get("code").equals("WRITTEN_REPORT")).findFirst().orElseThrow();
        assertEquals(true, report.get("overdue"));
        assertEquals(46, report.get("overdueDays"), "15 Sep to 31 Oct");
        Map<String, Object> onTheDay = ((List<Map<String, Object>>) entry(ledgerJson("DROPOUT_LEDGER", "schoolId=" + q(school),
                "2025-09-15"), id("d1")).get("openActions")).stream().filter(a -> a.get("code").equals("WRITTEN_REPORT"))
                .findFirst().orElseThrow();
        assertEquals(false, onTheDay.get("overdue"), "due on the 15th is not overdue on the 15th");
        assertNull(onTheDay.get("overdueDays"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void supervisionListsTheOverdueActionsByResponsibleRoleAndDueDate() {
        HttpCalls.Reply r = http.get("/v1/supervision?asOf=2025-10-31&township=" + q(township));
        assertEquals(200, r.status(), r.body());
        assertEquals("2025年第四季度", r.json().get("quarter"));
        List<Map<String, Object>> items = (List<Map<String, Object>>) r.json().get("overdue");
        assertTrue(items.stream().anyMatch(i -> i.get("studentId").equals(id("d1")) && i.get("code").equals("WRITTEN_REPORT")
                && i.get("overdueDays").equals(46) && i.get("responsible").equals("SCHOOL")
                && ((List<String>) i.get("ledgers")).contains("DROPOUT_LEDGER")), items.toString());
        assertTrue(items.stream().anyMatch(i -> i.get("studentId").equals(id("d3")) && "报告镇第二中学".equals(i.get("schoolName"))),
                "the other school's dropout, by its name: " + items);
        assertTrue(items.stream().noneMatch(i -> i.get("studentId").equals(id("d2"))), "d2 returned and left the ledgers");
        for (Map<String, Object> i : items) {
            assertTrue(java.time.LocalDate.parse(i.get("dueDate").toString()).isBefore(java.time.LocalDate.parse("2025-10-31")), i.toString());
        }
        List<String> order = items.stream().map(i -> kcbx.api.model.Role.fromValue(i.get("responsible").toString()).ordinal()
                + "|" + i.get("dueDate")).toList();
        assertEquals(order.stream().sorted().toList(), order, "by responsible role, then due date");

        HttpCalls.Reply early = http.get("/v1/supervision?asOf=2025-09-15&schoolId=" + q(school));
        assertTrue(((List<Map<String, Object>>) early.json().get("overdue")).stream()
                .noneMatch(i -> i.get("code").equals("WRITTEN_REPORT")), "nothing due on the 15th is overdue on the 15th");
        HttpCalls.Reply otherProfile = http.get("/v1/supervision?asOf=2025-10-31&township=" + q(township) + "&profile=helan");
        assertEquals(List.of(), otherProfile.json().get("overdue"), "these decisions were made under baseline");

        String csv = new String(download("/v1/supervision?asOf=2025-10-31&schoolId=" + q(school) + "&format=csv", null).body(),
                StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF控辍保学督办清单（2025年第四季度复核）\r\n"), csv);
        assertTrue(csv.contains(",学校,书面报告乡镇政府和教育局,2025-09-15,46,"), csv);
    }

    @Test
    void aSchoolSystemSeesTheSupervisionListOfItsOwnSchoolOnly() {
        String token = credentials.issue("reports test: school A", List.of(kcbx.security.Role.SCHOOL_SYSTEM), List.of(school)).token();
        HttpCalls own = http.as(token);
        assertEquals(200, own.get("/v1/supervision?asOf=2025-10-31&schoolId=" + q(school)).status());
        HttpCalls.Reply other = own.get("/v1/supervision?asOf=2025-10-31&schoolId=" + q(school2));
        assertEquals(403, other.status(), other.body());
        assertEquals(403, own.get("/v1/supervision?asOf=2025-10-31&township=" + q(township)).status());
        assertEquals(403, own.get("/v1/supervision?asOf=2025-10-31").status(), "not the county");
        HttpCalls.Reply both = http.get("/v1/supervision?asOf=2025-10-31&schoolId=" + q(school) + "&township=" + q(township));
        assertEquals(400, both.status(), both.body());
    }

    @Test
    void aMonthWithoutDropoutSaysNone() throws IOException {
        try (Workbook wb = workbook(download("/v1/reports/monthly-dropout?month=2025-08&schoolId=" + q(school2), null).body())) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("义务教育阶段学生辍学月报表（2025年8月）", sheet.getRow(0).getCell(0).getStringCellValue());
            assertEquals("学校（盖章）：报告镇第二中学", sheet.getRow(1).getCell(0).getStringCellValue(),
                    "the school's name from its decisions, without a schoolName parameter");
            assertEquals("无", sheet.getRow(3).getCell(0).getStringCellValue());
        }
    }

    /**
     * Every XLSX report printed as LibreOffice prints it: one A4 landscape page, nothing beyond the
     * paper's edge, the title, every column heading and a known row on the page. The files and
     * PDFs stay under target/printed-reports to be looked at.
     */
    @Test
    void everyXlsxReportPrintsOnOnePageWithEveryColumn() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "printed-reports",
                System.getProperty("micronaut.environments", "h2")).toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        record Printed(String name, String path, String title, List<String> columns, List<String> known) {
        }
        List<Printed> reports = List.of(
                new Printed("monthly", "/v1/reports/monthly-dropout?month=2025-09&township=" + q(township)
                        + "&reportedOn=2025-10-10&filledBy=" + q("周老师") + "&phone=0358-1234567",
                        "义务教育阶段学生辍学月报表（2025年9月）", MonthlyDropoutReport.COLUMNS,
                        List.of("张三", "110105201203150011", "报告镇第二中学", "孙七", "主要负责同志签字（盖章）", "填表人：周老师",
                                "联系电话：0358-1234567", "报送时间：2025年10月10日")),
                new Printed("monthly-none", "/v1/reports/monthly-dropout?month=2025-08&schoolId=" + q(school2),
                        "义务教育阶段学生辍学月报表（2025年8月）", MonthlyDropoutReport.COLUMNS,
                        List.of("学校（盖章）：报告镇第二中学", "无", "主要负责同志签字（盖章）")),
                new Printed("ledger", "/v1/ledgers/DROPOUT_LEDGER?township=" + q(township) + "&asOf=2025-10-31&format=xlsx",
                        "辍学学生台账", ReportTables.LEDGER_COLUMNS, List.of("张三", "110105201203150011", "逾期46天", "已返校复学")),
                new Printed("term", "/v1/reports/term-summary?date=2025-11-01&township=" + q(township) + "&format=xlsx",
                        "控辍保学工作学期总结（2025年秋季学期）", ReportTables.TERM_COLUMNS, List.of("报告镇第二中学", "合计")),
                new Printed("supervision", "/v1/supervision?asOf=2025-10-31&township=" + q(township) + "&format=xlsx",
                        "控辍保学督办清单（2025年第四季度复核）", ReportTables.SUPERVISION_COLUMNS,
                        List.of("书面报告乡镇政府和教育局", "张三", "复核人（签字）")));
        List<java.nio.file.Path> files = new ArrayList<>();
        for (Printed p : reports) {
            java.nio.file.Path f = dir.resolve(p.name() + ".xlsx");
            java.nio.file.Files.write(f, download(p.path(), null).body());
            files.add(f);
        }
        PrintedPages.convert(dir, files);
        for (int i = 0; i < reports.size(); i++) {
            Printed p = reports.get(i);
            PrintedPages pages = PrintedPages.read(PrintedPages.pdfOf(files.get(i)));
            assertEquals(1, pages.pages(), p.name() + " prints on one page: " + pages.text());
            assertTrue(pages.pageWidth() > pages.pageHeight(), p.name() + " is landscape");
            assertEquals(842, pages.pageWidth(), 3, p.name() + " is A4");
            assertEquals(List.of(), pages.outside(), p.name() + ": nothing beyond the paper's edge");
            String text = pages.squeezed(0);
            for (String expected : concat(List.of(p.title()), p.columns(), p.known())) {
                assertTrue(text.contains(expected.replaceAll("\\s", "")), p.name() + " shows " + expected + ": " + pages.text());
            }
        }
    }


    @Test
    @SuppressWarnings("unchecked")
    void aStudentsTimelineShowsEachDecisionWithWhatItChanged() {
        HttpCalls.Reply r = http.get("/v1/students/" + q(id("d2")) + "/timeline?schoolId=" + q(school));
        assertEquals(200, r.status(), r.body());
        assertEquals("李四", r.json().get("name"));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) r.json().get("entries");
        assertEquals(List.of("2025-09-12", "2025-10-20"), entries.stream().map(e -> e.get("asOf")).toList());
        Map<String, Object> dropped = entries.get(0);
        assertTrue(((List<String>) dropped.get("flagsRaised")).contains("DROPOUT"), dropped.toString());
        assertTrue(((List<String>) dropped.get("ledgersEntered")).contains("DROPOUT_LEDGER"), dropped.toString());
        assertTrue(((List<Map<String, Object>>) dropped.get("actionsOpened")).stream()
                .anyMatch(a -> a.get("code").equals("WRITTEN_REPORT")), dropped.toString());
        assertTrue(((List<String>) dropped.get("interventions")).contains("2025-09-12乡镇核查（未果）"), dropped.toString());
        Map<String, Object> returned = entries.get(1);
        assertTrue(((List<String>) returned.get("flagsCleared")).contains("DROPOUT"), returned.toString());
        assertTrue(((List<String>) returned.get("actionsClosed")).contains("WRITTEN_REPORT"), returned.toString());
        assertTrue(((List<Map<String, Object>>) returned.get("ledgersLeft")).stream().anyMatch(l -> l.get("ledger").equals("DROPOUT_LEDGER")
                && l.get("reason").equals("RETURNED") && l.get("reasonText").equals("已返校复学")), returned.toString());

        Map<String, Object> d1 = ((List<Map<String, Object>>) http.get("/v1/students/" + q(id("d1")) + "/timeline?schoolId="
                + q(school)).json().get("entries")).get(1);
        assertTrue(((List<Map<String, Object>>) d1.get("ledgersLeft")).stream().anyMatch(l -> l.get("ledger")
                .equals("SUSPECTED_DROPOUT_LEDGER") && l.get("reason").equals("DROPPED_OUT")), d1.toString());

        assertEquals(List.of(), http.get("/v1/students/" + q(id("d1")) + "/timeline?schoolId=" + q(school2)).json().get("entries"),
                "the other school has no child of that id");
        assertEquals(400, http.get("/v1/students/" + q(id("d1")) + "/timeline").status(), "schoolId is required");
        String token = credentials.issue("reports test: school B", List.of(kcbx.security.Role.SCHOOL_SYSTEM), List.of(school2)).token();
        assertEquals(403, http.as(token).get("/v1/students/" + q(id("d1")) + "/timeline?schoolId=" + q(school)).status(),
                "a school never sees another school's child");
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }
}
