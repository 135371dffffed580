package kcbx.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canonical text is the same bytes however it is given and whatever its buffer's first size. */
class CanonicalJsonTest {
    @Test
    void textGivenAsBytesOrCharactersIsTheSameWhateverTheBuffer() {
        String request = "{\"student\":{\"id\":\"学生-1\",\"note\":\"" + "出勤".repeat(700) + "\"}}";
        String decision = "{\"flags\":[" + "{\"code\":\"SUSPECTED_DROPOUT\",\"reason\":\"连续缺勤3天\"},".repeat(200) + "{}]}";
        String expected = "{\"v\":1,\"type\":\"decision\",\"note\":\"a\\\"b\\\\c\\n\\u0001\",\"request\":" + request
                + ",\"decision\":" + decision + ",\"actedBy\":\"学校系统\"}";
        String asChars = text(new CanonicalJson(), request, decision, false).text();
        assertEquals(expected, asChars);
        for (int hint : new int[] {0, 1, 100, 5_000, 1 << 20}) {
            byte[] asBytes = text(new CanonicalJson(hint), request, decision, true).utf8();
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), asBytes, "size hint " + hint);
            assertEquals(expected, text(new CanonicalJson(hint), request, decision, true).text(), "size hint " + hint);
        }
    }

    private static CanonicalJson text(CanonicalJson c, String request, String decision, boolean decisionAsBytes) {
        c.put("v", 1).put("type", "decision").put("note", "a\"b\\c\n\u0001").raw("request", request);
        if (decisionAsBytes) {
            c.rawUtf8("decision", decision.getBytes(StandardCharsets.UTF_8));
        } else {
            c.raw("decision", decision);
        }
        return c.put("actedBy", "学校系统");
    }
}
