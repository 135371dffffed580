package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The write path keeps a decision's JSON as UTF-8 bytes (issue 18): the time is put into the bytes,
 * and the chained text is made of bytes; both must be exactly what the string forms give, which
 * verify rebuilds from the stored row, for text beyond ASCII too.
 */
class DecisionTextBytesTest {
    private static final String PLACEHOLDER = "\"decidedAt\":\"1970-01-01T00:00:00Z\"";
    private static final String TEXT = "{\"decisionId\":\"d-1\"," + PLACEHOLDER
            + ",\"reason\":\"学生2026-01-07列为疑似辍学 \\\"引号\\\" 𠀀\",\"n\":1}";

    @Test
    void theTimeIsPutIntoTheBytesAsIntoTheText() {
        DecisionText text = DecisionText.of(TEXT.getBytes(StandardCharsets.UTF_8));
        for (long ms : new long[] {0, 1_757_500_000_000L, 1_757_500_000_120L, 1_757_503_600_001L}) {
            String expected = DecisionText.fill(TEXT, ms);
            assertEquals(expected, text.at(ms));
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), text.utf8At(ms));
        }
        assertEquals(TEXT, text.stored());
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), text.storedUtf8());
    }

    @Test
    void aTextWithoutThePlaceholderOnceIsRefused() {
        byte[] none = "{\"decidedAt\":\"2026-01-01T00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] twice = ("{" + PLACEHOLDER + ",\"x\":{" + PLACEHOLDER + "}}").getBytes(StandardCharsets.UTF_8);
        byte[] cut = PLACEHOLDER.substring(0, PLACEHOLDER.length() - 1).getBytes(StandardCharsets.UTF_8);
        for (byte[] refused : List.of(none, twice, cut, new byte[0])) {
            assertThrows(IllegalArgumentException.class, () -> DecisionText.of(refused));
        }
    }

    @Test
    void theChainedBytesOfAPreparedDecisionAreTheCanonicalTextOfItsRow() {
        for (String actor : new String[] {null, "credential:校-1"}) {
            PreparedDecision p = PreparedDecision.of("d-1", "学生-1", "school-\"1\"", "helan", LocalDate.of(2026, 1, 9),
                    "v1", "HIGH", "{\"student\":{\"name\":\"李 小 红\"}}", TEXT.getBytes(StandardCharsets.UTF_8),
                    new IndexFacts(null, null, new TreeSet<>(), new TreeSet<>()), actor);
            long at = 1_757_500_000_123L;
            DecisionRecord row = new DecisionRecord(7L, p.decisionId(), p.studentId(), p.schoolId(), p.profile(), p.asOf(),
                    p.rulesetVersion(), p.riskLevel(), at, p.requestJson(), DecisionText.fill(TEXT, at), actor);
            assertArrayEquals(DecisionRecordSql.canonical(row).getBytes(StandardCharsets.UTF_8),
                    DecisionRecordSql.canonical(p, at, p.decision().utf8At(at)), "actor " + actor);
        }
    }
}
