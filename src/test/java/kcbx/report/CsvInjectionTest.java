package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every CSV the service writes (ledgers, monthly report, term summary) goes through
 * TableFiles#csv. A cell a school sent (a name, a reason, a school name) that a spreadsheet would
 * read as a formula is neutralised with a leading ' whatever part of the table it is in.
 */
class CsvInjectionTest {
    private static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1");

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreNeutralisedEverywhereInTheTable() {
        for (String cell : HOSTILE) {
            Table t = new Table(cell, List.of(cell), List.of(cell, "count"), List.of(List.of(cell, -3), List.of("plain", 7)),
                    new int[]{10, 10});
            String csv = new String(TableFiles.csv(t), StandardCharsets.UTF_8).substring(1); // the byte order mark
            List<String> lines = List.of(csv.split("\r\n(?=[^\\n]|$)", -1));
            String expected = quoted("'" + cell);
            assertEquals(expected, lines.get(0), "title");
            assertEquals(expected, lines.get(1), "header field");
            assertEquals(expected + ",count", lines.get(2), "column heading");
            assertEquals(expected + ",-3", lines.get(3), "row cell; a negative number stays a number");
            assertEquals("plain,7", lines.get(4), "an ordinary cell is written as it is");
        }
    }

    private static String quoted(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
