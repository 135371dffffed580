package kcbx.report;

import java.util.List;

/**
 * A report as a printed form: a title, a line of header fields (学校、报送时间…), the column
 * headings and the rows. Written as CSV or XLSX by {@link TableFiles}; cells are strings or numbers.
 * {@code widths} are column widths in characters for the XLSX.
 */
record Table(String title, List<String> headerFields, List<String> columns, List<List<Object>> rows, int[] widths) {
}
