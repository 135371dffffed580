package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.Role;
import org.junit.jupiter.api.Test;

/**
 * A school system refused a report is told about the parameter it sent, {@code schoolId}, not about
 * a request body's {@code student.schoolId} (there is no body on a GET); a decision it may not
 * submit still names {@code student.schoolId}.
 */
@MicronautTest(transactional = false)
class SchoolParameterNamedTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Test
    @SuppressWarnings("unchecked")
    void aReportRefusedForAnotherSchoolNamesTheQueryParameterSchoolId() {
        HttpCalls s1 = new HttpCalls(client, json).as(credentials.issue("param test: S1", List.of(Role.SCHOOL_SYSTEM),
                List.of("S1")).token());
        for (String path : List.of("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&schoolId=S2",
                "/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01",
                "/v1/reports/term-summary?date=2026-10-01&profile=baseline&schoolId=S2",
                "/v1/supervision?asOf=2026-10-01&schoolId=S2",
                "/v1/students/st-1/timeline?schoolId=S2")) {
            HttpCalls.Reply r = s1.get(path);
            assertEquals(403, r.status(), path + ": " + r.body());
            assertEquals("school_not_served", r.json().get("code"), r.body());
            List<Map<String, Object>> errors = (List<Map<String, Object>>) r.json().get("errors");
            assertEquals("schoolId", errors.get(0).get("field"), path + ": " + r.body());
            assertEquals("schoolId", r.json().get("detail").toString().split(" ")[0], r.body());
        }
        assertEquals(200, s1.get("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&schoolId=S1").status());

        HttpCalls.Reply decision = s1.post("/v1/decisions", """
                {"asOf": "2026-10-01", "student": {"id": "st-1", "schoolId": "S2", "grade": 7}}""");
        assertEquals(403, decision.status(), decision.body());
        assertEquals("student.schoolId", ((List<Map<String, Object>>) decision.json().get("errors")).get(0).get("field"));
    }
}
