package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.Role;
import kcbx.security.SchoolScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /v1/students/{studentId}/decision?schoolId=&asOf= (the console's 学生决策): the school's
 * latest decision for the id, exactly as GET /v1/decisions/{id} gives it; two schools using the
 * same id are two students; a school system for its own schools only. Also GET /v1/me, which the
 * console asks once after sign-in. Runs on H2 and MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudentDecisionTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    HttpCalls http;
    String run;
    String schoolA;
    String schoolB;
    String student;
    String early;
    String late;
    String other;

    @BeforeAll
    void twoSchoolsUseTheSameStudentId() {
        http = new HttpCalls(client, json);
        run = UUID.randomUUID().toString().substring(0, 8);
        schoolA = "sd-a-" + run;
        schoolB = "sd-b-" + run;
        student = "s-" + run;
        // recorded in this order on purpose: the latest by asOf is not the last recorded
        late = decide(schoolA, "2025-09-10", "ABSENT_UNEXCUSED");
        early = decide(schoolA, "2025-09-08", "PRESENT");
        other = decide(schoolB, "2025-09-12", "PRESENT");
    }

    private String decide(String school, String asOf, String status) {
        HttpCalls.Reply r = http.post("/v1/decisions", """
                {"profile":"helan","asOf":"%s","student":{"id":"%s","schoolId":"%s","name":"某某"},
                 "attendance":[{"date":"%s","status":"%s"}]}""".formatted(asOf, student, school, asOf, status));
        assertEquals(200, r.status(), r.body());
        return r.json().get("decisionId").toString();
    }

    private String path(String school, String asOf) {
        return "/v1/students/" + student + "/decision?schoolId=" + school + (asOf == null ? "" : "&asOf=" + asOf);
    }

    @Test
    void theLatestDecisionByAsOfExactlyAsStored() {
        HttpCalls.Reply r = http.get(path(schoolA, null));
        assertEquals(200, r.status(), r.body());
        assertEquals(late, r.json().get("decisionId"));
        HttpCalls.Reply stored = http.get("/v1/decisions/" + late);
        assertEquals(stored.json(), r.json(), "the same decision as GET /v1/decisions/{id}");
        assertTrue(r.body().contains("\"explanation\""), "flags and actions carry their explanation");
        assertFalse(r.body().contains("某某"), "a decision holds no name");
    }

    @Test
    void asOfPicksTheLatestDecisionOnOrBeforeIt() {
        assertEquals(early, http.get(path(schoolA, "2025-09-09")).json().get("decisionId"));
        assertEquals(late, http.get(path(schoolA, "2025-09-10")).json().get("decisionId"));
        HttpCalls.Reply none = http.get(path(schoolA, "2025-09-01"));
        assertEquals(404, none.status(), none.body());
        assertEquals("not_found", none.json().get("code"));
    }

    @Test
    void anotherSchoolsChildWithTheSameIdIsAnotherStudent() {
        assertEquals(other, http.get(path(schoolB, null)).json().get("decisionId"));
        HttpCalls.Reply unknownSchool = http.get(path("sd-none-" + run, null));
        assertEquals(404, unknownSchool.status(), unknownSchool.body());
    }

    @Test
    void aSchoolSystemReadsItsOwnSchoolsTheCountyAndAuditorsAnyPolicyStaffNone() {
        String ownSchool = credentials.issue("sd: A", List.of(Role.SCHOOL_SYSTEM), List.of(schoolA)).token();
        assertEquals(late, http.as(ownSchool).get(path(schoolA, null)).json().get("decisionId"));
        HttpCalls.Reply refused = http.as(ownSchool).get(path(schoolB, null));
        assertEquals(403, refused.status(), refused.body());
        assertEquals("school_not_served", refused.json().get("code"));
        assertFalse(refused.body().contains(other), "another school's decision is not named");
        for (Role role : List.of(Role.COUNTY_OFFICER, Role.AUDITOR)) {
            String token = credentials.issue("sd: " + role, List.of(role), List.of()).token();
            assertEquals(other, http.as(token).get(path(schoolB, null)).json().get("decisionId"), role.name());
        }
        String policy = credentials.issue("sd: policy", List.of(Role.POLICY_EDITOR), List.of()).token();
        assertEquals(403, http.as(policy).get(path(schoolA, null)).status());
        assertEquals(401, http.anonymous().get(path(schoolA, null)).status());
    }

    @Test
    void schoolIdIsRequired() {
        HttpCalls.Reply r = http.get("/v1/students/" + student + "/decision");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("schoolId"), r.body());
    }

    @Test
    void theCallerIsItsIdentityRolesAndSchools() {
        var school = credentials.issue("me: school", List.of(Role.SCHOOL_SYSTEM), List.of("S2", "S1"));
        Map<String, Object> me = http.as(school.token()).get("/v1/me").json();
        assertEquals("credential:" + school.credentialId(), me.get("name"));
        assertEquals(List.of("SCHOOL_SYSTEM"), me.get("roles"));
        assertEquals(List.of("S1", "S2"), me.get("schools"));
        var both = credentials.issue("me: policy and audit", List.of(Role.POLICY_EDITOR, Role.AUDITOR), List.of());
        Map<String, Object> them = http.as(both.token()).get("/v1/me").json();
        assertEquals(List.of("AUDITOR", "POLICY_EDITOR"), them.get("roles"));
        assertEquals(List.of(), them.get("schools"));
        var all = credentials.issue("me: all schools", List.of(Role.SCHOOL_SYSTEM), List.of(SchoolScope.ALL_SCHOOLS));
        assertEquals(List.of("*"), http.as(all.token()).get("/v1/me").json().get("schools"));
        HttpCalls.Reply anonymous = http.anonymous().get("/v1/me");
        assertEquals(401, anonymous.status());
        assertEquals("unauthenticated", anonymous.json().get("code"));
    }
}
