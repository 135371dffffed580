package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.decision.HttpCalls;
import kcbx.ruleset.RulesetArchive;
import kcbx.engine.RulesetSource;
import kcbx.security.Credentials;
import kcbx.security.Role;
import kcbx.security.SchoolScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /v1/rulesets/{fromVersion}/diff/{toVersion} between two archived versions of the rules
 * folder: a changed parameter file, an added and a removed file, context, roles and unknown
 * versions. Runs on H2 and MariaDB (tag db).
 */
@MicronautTest(transactional = false)
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesetDiffTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    RulesetArchive archive;

    @Inject
    Credentials credentials;

    HttpCalls http;
    String before;
    String after;

    @BeforeAll
    void archiveTwoVersions() {
        http = new HttpCalls(client, json);
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        // a note written into the file so that this test's pair of versions is its own, whatever other tests archived
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "# diff test " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
        RulesetSource a = new RulesetSource(files);
        files.put("helan/parameters.yaml", (new String(files.get("helan/parameters.yaml"), StandardCharsets.UTF_8)
                + "attendance.suspectedDropoutDays: 2\n").getBytes(StandardCharsets.UTF_8));
        files.put("helan/extra-notes.yaml", "note: added\n".getBytes(StandardCharsets.UTF_8));
        byte[] removed = files.remove("zhongyang/parameters.yaml");
        assertTrue(removed != null, "the rules folder has zhongyang/parameters.yaml");
        RulesetSource b = new RulesetSource(files);
        archive.archive(a, "test", "diff test: before");
        archive.archive(b, "test", "diff test: after");
        before = a.version();
        after = b.version();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static Map<String, Object> file(Map<String, Object> diff, String path) {
        return list(diff.get("files")).stream().filter(f -> f.get("path").equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not in " + diff.get("files")));
    }

    @Test
    void listsTheChangedAddedAndRemovedFilesWithTheirLines() {
        HttpCalls.Reply r = http.get("/v1/rulesets/" + before + "/diff/" + after);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> diff = r.json();
        assertEquals(before, diff.get("fromVersion"));
        assertEquals(after, diff.get("toVersion"));
        assertEquals(List.of("helan/extra-notes.yaml", "helan/parameters.yaml", "zhongyang/parameters.yaml"),
                list(diff.get("files")).stream().map(f -> f.get("path")).toList());
        int total = RulesetSource.fromDirectory(Path.of("rules")).files().size();
        assertEquals(total - 2, ((Number) diff.get("unchangedFiles")).intValue(), "every file but the changed and removed one");

        Map<String, Object> params = file(diff, "helan/parameters.yaml");
        assertEquals("CHANGED", params.get("status"));
        assertEquals(1, params.get("linesAdded"));
        assertEquals(0, params.get("linesRemoved"));
        List<Map<String, Object>> hunks = list(params.get("hunks"));
        assertEquals(1, hunks.size());
        List<Map<String, Object>> lines = list(hunks.get(0).get("lines"));
        Map<String, Object> added = lines.get(lines.size() - 1);
        assertEquals("ADDED", added.get("kind"));
        assertEquals("attendance.suspectedDropoutDays: 2", added.get("text"));
        int fileLines = new String(RulesetSource.fromDirectory(Path.of("rules")).files().get("helan/parameters.yaml"),
                StandardCharsets.UTF_8).split("\n").length;
        assertEquals(fileLines + 2, ((Number) added.get("toLine")).intValue(), "after the file's lines and the test's note");
        assertFalse(added.containsKey("fromLine"), "an added line has no line in the old file");
        assertEquals(3, lines.stream().filter(l -> l.get("kind").equals("CONTEXT")).count(), "three lines of context before it");
        assertEquals(params.get("fromSha256").toString().length(), 64);

        Map<String, Object> extra = file(diff, "helan/extra-notes.yaml");
        assertEquals("ADDED", extra.get("status"));
        assertFalse(extra.containsKey("fromSha256"));
        Map<String, Object> gone = file(diff, "zhongyang/parameters.yaml");
        assertEquals("REMOVED", gone.get("status"));
        assertTrue(((Number) gone.get("linesRemoved")).intValue() > 0);
        assertTrue(list(list(gone.get("hunks")).get(0).get("lines")).stream().allMatch(l -> l.get("kind").equals("REMOVED")));
    }

    @Test
    void theOtherWayRoundTheLineIsRemovedAndNoContextShowsOnlyIt() {
        HttpCalls.Reply r = http.get("/v1/rulesets/" + after + "/diff/" + before + "?context=0");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> params = file(r.json(), "helan/parameters.yaml");
        List<Map<String, Object>> lines = list(list(params.get("hunks")).get(0).get("lines"));
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("REMOVED", lines.get(0).get("kind"));
        assertEquals("ADDED", file(r.json(), "zhongyang/parameters.yaml").get("status"));
        assertEquals("REMOVED", file(r.json(), "helan/extra-notes.yaml").get("status"));
    }

    @Test
    void aVersionAgainstItselfHasNoFiles() {
        HttpCalls.Reply r = http.get("/v1/rulesets/" + before + "/diff/" + before);
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(), r.json().get("files"));
    }

    @Test
    void anUnknownOrMisspelledVersionIsNotFoundAndABadContextIsRefused() {
        String unknown = "0".repeat(64);
        for (String path : List.of("/v1/rulesets/" + unknown + "/diff/" + after, "/v1/rulesets/" + before + "/diff/" + unknown,
                "/v1/rulesets/" + before.toUpperCase() + "/diff/" + after, "/v1/rulesets/x/diff/" + after)) {
            HttpCalls.Reply r = http.get(path);
            assertEquals(404, r.status(), path + ": " + r.body());
            assertEquals("not_found", r.json().get("code"));
        }
        HttpCalls.Reply bad = http.get("/v1/rulesets/" + before + "/diff/" + after + "?context=51");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("context"), bad.body());
    }

    @Test
    void policyStaffAndAuditorsReadItSchoolsAndTheCountyDoNot() {
        String path = "/v1/rulesets/" + before + "/diff/" + after;
        Map<Role, Integer> expected = Map.of(Role.POLICY_EDITOR, 200, Role.AUDITOR, 200, Role.SCHOOL_SYSTEM, 403,
                Role.COUNTY_OFFICER, 403);
        expected.forEach((role, status) -> {
            String token = credentials.issue("diff: " + role, List.of(role),
                    role == Role.SCHOOL_SYSTEM ? List.of(SchoolScope.ALL_SCHOOLS) : List.of()).token();
            assertEquals(status, http.as(token).get(path).status(), role.name());
        });
        assertEquals(401, http.anonymous().get(path).status());
    }
}
