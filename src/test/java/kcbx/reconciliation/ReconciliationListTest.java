package kcbx.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.Role;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reconciliations found again (newest first, paged, by profile and asOf period) and their findings
 * handed on as CSV and XLSX, for the whole county or one township: county officers and auditors
 * only, IDs in full for them, a cell that would start a formula neutralised.
 */
@MicronautTest(transactional = false)
@Tag("db")
// a small limit, so that one test reconciliation is too large for one download
@Property(name = "kcbx.reconciliation.download-max-findings", value = "3")
class ReconciliationListTest {
    static final String ON_NO_SCHOOL_1 = "640122201503040113";
    static final String ON_NO_SCHOOL_2 = "640122201405120224";
    static final String ON_NO_SCHOOL_3 = "640122201306070444";
    static final String BAD_CHECK_DIGIT = "640122201503040112";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    private HttpCalls county() {
        return new HttpCalls(client, json).as(CountyOfficer.token(credentials));
    }

    /** Three children on the household registry and on no school list, one row with a bad check digit. */
    private static String request(String profile, String asOf, String township) {
        return """
                {"profile": "%s", "asOf": "%s", "householdRegistry": [
                  {"nationalId": "%s", "township": "%s", "village": "=HYPERLINK(\\"http://x\\")", "ref": "H1"},
                  {"nationalId": "%s", "township": "金贵镇", "village": "银河村", "ref": "H2"},
                  {"nationalId": "%s", "township": "%s", "ref": "H3"},
                  {"nationalId": "%s", "township": "%s", "ref": "H4"}]}
                """.formatted(profile, asOf, ON_NO_SCHOOL_1, township, ON_NO_SCHOOL_2, ON_NO_SCHOOL_3, township,
                BAD_CHECK_DIGIT, township);
    }

    private String reconcile(HttpCalls http, String profile, String asOf, String township) {
        HttpCalls.Reply r = http.post("/v1/reconciliations", request(profile, asOf, township));
        assertEquals(200, r.status(), r.body());
        return r.json().get("reconciliationId").toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconciliationsAreListedNewestFirstPagedAndFilteredByProfileAndPeriod() {
        HttpCalls http = county();
        // three days of 2022 chosen at random: other reconciliations may share them, so the checks
        // below hold whatever else the period holds
        java.time.LocalDate day = java.time.LocalDate.of(2022, 1, 1).plusDays(new java.util.Random().nextInt(300));
        String first = reconcile(http, "baseline", day.toString(), "习岗镇");
        String second = reconcile(http, "helan", day.plusDays(1).toString(), "习岗镇");
        String third = reconcile(http, "baseline", day.plusDays(2).toString(), "习岗镇");
        String period = "from=" + day + "&to=" + day.plusDays(2);

        HttpCalls.Reply all = http.get("/v1/reconciliations?" + period + "&limit=500");
        assertEquals(200, all.status(), all.body());
        List<Map<String, Object>> items = (List<Map<String, Object>>) all.json().get("items");
        List<String> listed = ids(items);
        assertEquals(List.of(third, second, first), listed.stream().filter(List.of(first, second, third)::contains).toList(),
                "newest first");
        items.forEach(i -> assertTrue(!i.get("asOf").toString().isEmpty()
                && i.get("asOf").toString().compareTo(day.toString()) >= 0
                && i.get("asOf").toString().compareTo(day.plusDays(2).toString()) <= 0, "in the period: " + i));
        Map<String, Object> one = items.get(listed.indexOf(first));
        assertEquals("baseline", one.get("profile"));
        assertEquals(day.toString(), one.get("asOf"));
        assertEquals(4, ((Number) one.get("findingCount")).intValue());
        assertEquals(3, ((Number) ((Map<String, Object>) ((Map<String, Object>) one.get("summary")).get("findingsByCode"))
                .get("OUT_OF_SCHOOL")).intValue());
        assertFalse(all.body().contains(ON_NO_SCHOOL_1), "a listing holds no child's data");

        // paged two at a time, each page's nextAfter as the next after, the pages are the whole list
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            HttpCalls.Reply page = http.get("/v1/reconciliations?" + period + "&limit=2" + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.body());
            List<String> got = ids((List<Map<String, Object>>) page.json().get("items"));
            assertTrue(got.size() <= 2 && (got.size() == 2 || page.json().get("nextAfter") == null), page.body());
            paged.addAll(got);
            after = (String) page.json().get("nextAfter");
        } while (after != null);
        assertEquals(listed, paged);

        // by profile, and by period (asOf, both ends inclusive)
        List<String> baseline = ids((List<Map<String, Object>>) http.get("/v1/reconciliations?profile=baseline&" + period
                + "&limit=500").json().get("items"));
        assertTrue(baseline.containsAll(List.of(third, first)) && !baseline.contains(second), baseline.toString());
        List<String> twoDays = ids((List<Map<String, Object>>) http.get("/v1/reconciliations?from=" + day + "&to="
                + day.plusDays(1) + "&limit=500").json().get("items"));
        assertTrue(twoDays.containsAll(List.of(second, first)) && !twoDays.contains(third), twoDays.toString());
        HttpCalls.Reply newest = http.get("/v1/reconciliations?limit=1");
        assertEquals(1, ((List<?>) newest.json().get("items")).size());
        assertTrue(newest.json().get("nextAfter") != null);

        for (String bad : List.of("limit=0", "limit=501", "after=abc", "after=0", "from=2031-02-30", "from=2032-01-02&to=2032-01-01")) {
            HttpCalls.Reply r = http.get("/v1/reconciliations?" + bad);
            assertEquals(400, r.status(), bad + ": " + r.body());
            assertEquals("application/problem+json", r.contentType());
        }
        HttpCalls auditor = new HttpCalls(client, json).as(credentials.issue("list test: auditor", List.of(Role.AUDITOR),
                List.of()).token());
        assertEquals(200, auditor.get("/v1/reconciliations").status());
        for (Role role : List.of(Role.SCHOOL_SYSTEM, Role.POLICY_EDITOR, Role.OPERATOR)) {
            HttpCalls other = new HttpCalls(client, json).as(credentials.issue("list test: " + role, List.of(role),
                    role == Role.SCHOOL_SYSTEM ? List.of("*") : List.of()).token());
            HttpCalls.Reply r = other.get("/v1/reconciliations");
            assertEquals(403, r.status(), role + ": " + r.body());
            for (String file : List.of("findings.csv", "findings.xlsx")) {
                assertEquals(403, other.get("/v1/reconciliations/" + first + "/" + file + "?township="
                        + java.net.URLEncoder.encode("习岗镇", StandardCharsets.UTF_8)).status(),
                        role + " " + file);
            }
        }
    }

    @Test
    void findingsDownloadAsCsvForTheCountyOrATownshipWithFormulasNeutralised() {
        HttpCalls http = county();
        String township = "习岗镇" + UUID.randomUUID().toString().substring(0, 4);
        String id = reconcile(http, "baseline", "2025-10-01", township);

        // 4 findings are over this test's limit of 3: the county's file is refused, naming township
        HttpCalls.Reply tooMany = http.get("/v1/reconciliations/" + id + "/findings.csv");
        assertEquals(422, tooMany.status(), tooMany.body());
        assertEquals("too_many_findings", tooMany.json().get("code"));
        assertTrue(tooMany.body().contains("\"field\":\"township\""), tooMany.body());

        HttpResponse<byte[]> r = bytes(HttpRequest.GET("/v1/reconciliations/" + id + "/findings.csv?township="
                + java.net.URLEncoder.encode(township, StandardCharsets.UTF_8)));
        assertEquals(200, r.code());
        assertTrue(r.getContentType().orElseThrow().toString().startsWith("text/csv"));
        assertTrue(r.getHeaders().get("Content-Disposition").contains("reconciliation-" + id + "-findings.csv"));
        String csv = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF四查三比对发现清单\r\n"), csv);
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(1).contains("范围：" + township), lines.get(1));
        assertEquals(String.join(",", kcbx.report.FindingsTable.COLUMNS), lines.get(2));
        // the township's three findings (two children and the bad row), not the one of 金贵镇
        String body = String.join("\n", lines.subList(3, lines.size()));
        assertTrue(body.contains(ON_NO_SCHOOL_1) && body.contains(ON_NO_SCHOOL_3), "IDs in full for a county officer: " + body);
        assertFalse(body.contains(ON_NO_SCHOOL_2) || body.contains("金贵镇"), body);
        assertFalse(body.contains(BAD_CHECK_DIGIT), "a malformed ID stays masked: " + body);
        assertTrue(body.contains("疑似失学") && body.contains("身份证号码无效"), body);
        assertTrue(body.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "a formula is neutralised: " + body);
        assertTrue(body.contains("户籍 第1行（H1）"), body);

        HttpCalls.Reply unknown = http.get("/v1/reconciliations/no-such-id/findings.csv");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.json().get("code"));
    }

    @Test
    void findingsDownloadAsAWorkbookWithTextCellsOnly() throws Exception {
        HttpCalls http = county();
        String township = "习岗镇" + UUID.randomUUID().toString().substring(0, 4);
        String id = reconcile(http, "baseline", "2025-10-01", township);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger access = (Logger) LoggerFactory.getLogger("kcbx.access");
        access.addAppender(log);
        HttpResponse<byte[]> r;
        try {
            r = bytes(HttpRequest.GET("/v1/reconciliations/" + id + "/findings.xlsx?township="
                    + java.net.URLEncoder.encode(township, StandardCharsets.UTF_8)));
        } finally {
            access.detachAppender(log);
        }
        assertEquals(200, r.code());
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                r.getContentType().orElseThrow().getName());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("四查三比对发现清单", sheet.getRow(0).getCell(0).getStringCellValue());
            List<String> headings = new ArrayList<>();
            sheet.getRow(2).forEach(c -> headings.add(c.getStringCellValue()));
            assertEquals(kcbx.report.FindingsTable.COLUMNS, headings);
            List<String> ids = new ArrayList<>();
            for (int i = 3; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                ids.add(row.getCell(2).getStringCellValue());
                row.forEach(c -> assertTrue(c.getCellType() != CellType.FORMULA, "no formula cell"));
            }
            assertEquals(3, ids.size(), ids.toString());
            assertTrue(ids.contains(ON_NO_SCHOOL_1) && ids.contains(ON_NO_SCHOOL_3), ids.toString());
            assertTrue(wb.getSheetAt(0).getPrintSetup().getLandscape(), "set up for A4 landscape");
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(
                "route=\"GET /v1/reconciliations/{reconciliationId}/findings.xlsx\"")
                && !e.getFormattedMessage().contains(ON_NO_SCHOOL_1)), "the download is in the access log, without IDs");
    }

    private HttpResponse<byte[]> bytes(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(((io.micronaut.http.MutableHttpRequest<?>) request)
                    .bearerAuth(CountyOfficer.token(credentials)), Argument.of(byte[].class));
        } catch (HttpClientResponseException e) {
            throw new AssertionError(e.getStatus() + ": " + e.getResponse().getBody(String.class).orElse(""), e);
        }
    }

    private static List<String> ids(List<Map<String, Object>> items) {
        return items.stream().map(i -> i.get("reconciliationId").toString()).toList();
    }
}
