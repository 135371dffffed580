package kcbx.decision;

import static kcbx.decision.RequestFuzzer.bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Bodies the rule-set endpoints are fuzzed from: a small rule set that compiles in a fraction of
 * the full one's time (one profile, one rule), its scenario, and the zip and multipart forms
 * POST /v1/rulesets/validate takes.
 */
final class FuzzBodies {
    static final String BOUNDARY = "fuzz-boundary-7MA4YWxkTrZu0gW";

    private FuzzBodies() {
    }

    /** One profile, the baseline calendar and one rule that derives nothing: compiles fast, decides every request. */
    static Map<String, String> smallRuleset(String note) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("baseline/profile.yaml", "name: fuzz " + note + "\n");
        try {
            files.put("baseline/calendar.yaml", Files.readString(Path.of("rules/baseline/calendar.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put("baseline/fuzz.drl", """
                // A rule set for the fuzz tests: one rule, which derives nothing.
                package kcbx.rules

                import kcbx.facts.*

                rule "Fuzz: a student is seen"
                    @id("fuzz.seen") @cite("none")
                when
                    StudentFact()
                then
                end
                """);
        return files;
    }

    /** The same rule set with a rule that names a fact type that does not exist. */
    static Map<String, String> brokenRuleset() {
        Map<String, String> files = smallRuleset("broken");
        files.put("baseline/fuzz.drl", files.get("baseline/fuzz.drl").replace("StudentFact()", "NoSuchFact()"));
        return files;
    }

    /** A scenario the small rule set passes (it raises no flag), or fails when {@code flag} is expected. */
    static Map<String, String> scenario(String flag) {
        String expect = flag == null ? "{\"absentFlags\": [\"SUSPECTED_DROPOUT\"]}" : "{\"flags\": [{\"code\": \"" + flag + "\"}]}";
        return Map.of("path", "fuzz/small.json", "content", """
                {"description": "the small rule set raises no flag",
                 "request": {"asOf": "2025-09-10", "student": {"id": "fz-scenario", "schoolId": "school-1", "grade": 7}},
                 "expect": %s}
                """.formatted(expect));
    }

    /** Files as the publish and impact requests carry them. */
    static List<Map<String, Object>> asJson(Map<String, String> files) {
        List<Map<String, Object>> out = new ArrayList<>();
        files.forEach((p, c) -> out.add(RequestFuzzer.ordered("path", p, "content", c)));
        return out;
    }

    static byte[] zip(Map<String, String> files) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        files.forEach((p, c) -> raw.put(p, c.getBytes(StandardCharsets.UTF_8)));
        return zipBytes(raw);
    }

    static byte[] zipBytes(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A multipart/form-data body with one file part named {@code part}. */
    static byte[] multipart(String part, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part
                + "\"; filename=\"rules.zip\"\r\nContent-Type: application/zip\r\n\r\n"));
        out.writeBytes(file);
        out.writeBytes(bytes("\r\n--" + BOUNDARY + "--\r\n"));
        return out.toByteArray();
    }

    static String multipartType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }
}
