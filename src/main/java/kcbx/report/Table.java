package kcbx.report;

import java.util.List;

/**
 * A report as a printed form: a title, a line of header fields (学校、报送时间…), the column
 * headings, the rows, and the lines below the table (签字、盖章). Written as CSV or XLSX by
 * {@link TableFiles}; cells are strings or numbers. {@code widths} are column widths in characters
 * for the XLSX. {@code whenEmpty} is the text of the one row a table with no rows shows (无), so an
 * empty report says so rather than looking unfinished; null shows nothing.
 */
record Table(String title, List<String> headerFields, List<String> columns, List<List<Object>> rows, int[] widths,
             List<String> footer, String whenEmpty) {
    Table(String title, List<String> headerFields, List<String> columns, List<List<Object>> rows, int[] widths) {
        this(title, headerFields, columns, rows, widths, List.of(), null);
    }
}
