package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The contract check without HTTP: its date test and the names it gives to fields. */
class ContractValidatorTest {
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private final ContractValidator contract = new ContractValidator();

    /** What the contract's date format meant before the fast test: the regex, then a strict parse. */
    private static boolean strictlyParsed(String s) {
        try {
            return FOUR_DIGIT_YEAR.matcher(s).matches() && LocalDate.parse(s, STRICT) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Test
    void theDateTestAgreesWithAStrictParseOnEveryDayAndEveryNearMiss() {
        int checked = 0;
        for (int year : new int[] {0, 1900, 1999, 2000, 2024, 2025, 2100, 9999}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    String s = "%04d-%02d-%02d".formatted(year, month, day);
                    assertEquals(strictlyParsed(s), ContractValidator.isCalendarDate(s), s);
                    checked++;
                }
            }
        }
        for (String s : List.of("", "2025-9-10", "2025-09-1", "20250910", "2025/09/10", "2025-09-10 ",
                " 2025-09-10", "+2025-09-10", "12025-09-10", "2025-0a-10", "２０２５-09-10", "2025-09-１0",
                "-025-09-10", "2025-09--1", "2025-02-29", "2024-02-29", "2100-02-29", "2000-02-29")) {
            assertEquals(strictlyParsed(s), ContractValidator.isCalendarDate(s), s);
            checked++;
        }
        assertEquals(8 * 14 * 33 + 18, checked);
    }

    @Test
    void problemsNameTheFieldTheWayTheyAlwaysHave() {
        Map<String, Object> schema = contract.requestSchema("POST", "/v1/decisions").orElseThrow();
        String body = """
                {"asOf":"2025-02-29","student":{"schoolId":"s","grade":7,"colour":"red"},
                 "attendance":[{"date":"2025-09-08","status":"PRESENT"},null,
                               {"date":"2025-09-31","status":"ABSENT"}]}""";
        List<String> fields = contract.validate(schema, body.getBytes(StandardCharsets.UTF_8)).stream()
                .map(p -> p.field() + " " + p.message()).sorted().toList();
        assertEquals(List.of(
                "asOf must be a real calendar date written YYYY-MM-DD",
                "attendance[1] must not be null",
                "attendance[2].date must be a real calendar date written YYYY-MM-DD",
                "attendance[2].status must be one of PRESENT, LATE, ABSENT_EXCUSED, ABSENT_UNEXCUSED",
                "student.colour is not a field of Student",
                "student.id is required"), fields);
        assertEquals(List.of("body must be a JSON object"), contract.validate(schema, "[1]".getBytes(StandardCharsets.UTF_8))
                .stream().map(p -> p.field() + " " + p.message()).toList());
        assertEquals(List.of("rows[4].asOf must be a real calendar date written YYYY-MM-DD"),
                contract.validateValue("DecisionRequest", Map.of("asOf", "2025-13-01",
                        "student", Map.of("id", "a", "schoolId", "s")), "rows[4]").stream()
                        .map(p -> p.field() + " " + p.message()).toList());
    }
}
