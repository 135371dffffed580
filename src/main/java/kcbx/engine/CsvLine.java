package kcbx.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV reader of a rule set's tables (parameters.csv, risk-tiers.csv, the clause register):
 * RFC 4180 quoting, so a cell that holds a comma is written in quotes and a quote inside it doubled.
 */
final class CsvLine {
    private CsvLine() {
    }

    /** The cells of one CSV line (RFC 4180 quoting, "" inside quotes); null when a quote is not closed. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
