package kcbx.report;

import io.micronaut.http.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Writes a {@link Table} as CSV (UTF-8 with a byte order mark, so Excel reads the Chinese) or as XLSX for A4 landscape. */
final class TableFiles {
    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = MediaType.of("text/csv;charset=UTF-8");

    /** The row index of the column headings in the XLSX (title, header fields, headings). */
    static final int HEADING_ROW = 2;

    private TableFiles() {
    }

    static byte[] csv(Table t) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, List.of(t.title()));
        line(out, List.copyOf(t.headerFields()));
        line(out, List.copyOf(t.columns()));
        for (List<Object> row : t.rows()) {
            line(out, row);
        }
        if (t.rows().isEmpty() && t.whenEmpty() != null) {
            line(out, List.of(t.whenEmpty()));
        }
        for (String f : t.footer()) {
            line(out, List.of(f));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : ",").append(csvCell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * RFC 4180 quoting; a text cell that begins with =, +, -, @, a tab or a carriage return is
     * prefixed with ' (OWASP's advice on CSV injection) so a spreadsheet never runs it as a formula.
     * Numbers are written as numbers: a negative count is not a formula.
     */
    private static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (!(v instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static byte[] xlsx(Table t) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(sheetName(t.title()));
            int columns = t.columns().size();
            int[] widths = new int[columns];
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.min(255, t.widths() != null && i < t.widths().length ? t.widths()[i] : 12);
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            CellStyle title = style(wb, 16, true, false);
            title.setAlignment(HorizontalAlignment.CENTER);
            CellStyle plain = style(wb, 11, false, false);
            plain.setWrapText(true);
            CellStyle heading = style(wb, 11, true, true);
            heading.setAlignment(HorizontalAlignment.CENTER);
            CellStyle cell = style(wb, 10, false, true);
            CellStyle number = style(wb, 10, false, true);
            number.setAlignment(HorizontalAlignment.CENTER);
            CellStyle none = style(wb, 10, false, true);
            none.setAlignment(HorizontalAlignment.CENTER);

            Row r0 = sheet.createRow(0);
            r0.setHeightInPoints(30);
            put(r0, 0, t.title(), title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, columns - 1));

            // the header fields side by side over the width, as on the paper form, each over a
            // run of columns wide enough that its text is never cut by the next one
            Row r1 = sheet.createRow(1);
            List<int[]> spans = spans(widths, t.headerFields());
            float header = 0;
            for (int i = 0; i < spans.size(); i++) {
                int[] span = spans.get(i);
                put(r1, span[0], t.headerFields().get(i), plain);
                if (span[1] > span[0]) {
                    sheet.addMergedRegion(new CellRangeAddress(1, 1, span[0], span[1]));
                }
                header = Math.max(header, height(t.headerFields().get(i), sum(widths, span[0], span[1]), 11));
            }
            r1.setHeightInPoints(Math.max(24, header));

            Row r2 = sheet.createRow(HEADING_ROW);
            float headings = 0;
            for (int i = 0; i < columns; i++) {
                put(r2, i, t.columns().get(i), heading);
                headings = Math.max(headings, height(t.columns().get(i), widths[i], 11));
            }
            r2.setHeightInPoints(headings);

            int n = HEADING_ROW + 1;
            for (List<Object> values : t.rows()) {
                Row row = sheet.createRow(n++);
                float h = 0;
                for (int i = 0; i < columns; i++) {
                    Object v = i < values.size() ? values.get(i) : null;
                    put(row, i, v, v instanceof Number ? number : cell);
                    h = Math.max(h, height(v == null ? "" : v.toString(), widths[i], 10));
                }
                // POI does not size rows to wrapped text and LibreOffice keeps a stored height, so
                // every row gets the height its longest wrapped cell needs
                row.setHeightInPoints(h);
            }
            if (t.rows().isEmpty() && t.whenEmpty() != null) {
                Row row = sheet.createRow(n++);
                for (int i = 0; i < columns; i++) {
                    put(row, i, i == 0 ? t.whenEmpty() : null, none);
                }
                sheet.addMergedRegion(new CellRangeAddress(row.getRowNum(), row.getRowNum(), 0, columns - 1));
                row.setHeightInPoints(24);
            }
            int last = n - 1;
            // the signature lines sit under the right part of the table, with room to sign
            int from = 0;
            while (from < columns - 1 && sum(widths, 0, from) < sum(widths, 0, columns - 1) * 0.55) {
                from++;
            }
            for (String f : t.footer()) {
                Row row = sheet.createRow(++n);
                put(row, from, f, plain);
                if (columns - 1 > from) {
                    sheet.addMergedRegion(new CellRangeAddress(row.getRowNum(), row.getRowNum(), from, columns - 1));
                }
                row.setHeightInPoints(Math.max(36, height(f, sum(widths, from, columns - 1), 11)));
                last = row.getRowNum();
            }
            PrintSetup print = sheet.getPrintSetup();
            print.setPaperSize(PrintSetup.A4_PAPERSIZE);
            print.setLandscape(true);
            print.setFitWidth((short) 1);
            print.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setAutobreaks(true);
            sheet.setHorizontallyCenter(true);
            sheet.setMargin(Sheet.LeftMargin, 0.4);
            sheet.setMargin(Sheet.RightMargin, 0.4);
            sheet.setMargin(Sheet.TopMargin, 0.5);
            sheet.setMargin(Sheet.BottomMargin, 0.5);
            sheet.setRepeatingRows(new CellRangeAddress(HEADING_ROW, HEADING_ROW, -1, -1));
            wb.setPrintArea(0, 0, columns - 1, 0, Math.max(HEADING_ROW, last));
            sheet.createFreezePane(0, HEADING_ROW + 1);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits the columns into runs, one per header field, each as wide as its share of what the
     * fields need: its text, and for a field left blank room to write in by hand.
     */
    static List<int[]> spans(int[] widths, List<String> fields) {
        List<int[]> out = new java.util.ArrayList<>();
        if (fields.isEmpty()) {
            return out;
        }
        double[] need = new double[fields.size()];
        double needs = 0;
        for (int f = 0; f < fields.size(); f++) {
            String text = fields.get(f);
            int colon = text.indexOf('：');
            String label = colon < 0 ? text : text.substring(0, colon + 1);
            need[f] = Math.max(units(text) * 1.1 + 4, units(label) + 16);
            needs += need[f];
        }
        int total = sum(widths, 0, widths.length - 1);
        int from = 0;
        double upTo = 0;
        for (int f = 0; f < fields.size(); f++) {
            int left = fields.size() - f - 1;
            upTo += need[f] / needs * total;
            int to = from;
            while (to < widths.length - 1 - left && sum(widths, 0, to) + widths[to + 1] / 2.0 < upTo) {
                to++;
            }
            if (f == fields.size() - 1) {
                to = widths.length - 1;
            }
            int start = Math.min(from, widths.length - 1);
            out.add(new int[] {start, Math.max(start, to)});
            from = to + 1;
        }
        return out;
    }

    /** Character widths of a text: a Chinese character takes two. */
    private static int units(String text) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) {
            units += text.charAt(i) < 0x2E80 ? 1 : 2;
        }
        return units;
    }

    private static int sum(int[] widths, int from, int to) {
        int s = 0;
        for (int i = from; i <= to && i < widths.length; i++) {
            s += widths[i];
        }
        return s;
    }

    /**
     * The height in points a wrapped cell of this width (in characters of the default font) needs:
     * a Chinese character takes two character widths, each line break starts a new line, and a
     * line is the font size and a third.
     */
    static float height(String text, int width, int points) {
        int usable = Math.max(1, width - 1);
        int lines = 0;
        for (String part : text.split("\n", -1)) {
            int units = units(part);
            // a wider font at a larger size takes proportionally more room
            units = (int) Math.ceil(units * points / 10.0);
            lines += Math.max(1, (units + usable - 1) / usable);
        }
        return lines * points * 1.4f + 6;
    }

    private static void put(Row row, int i, Object v, CellStyle style) {
        Cell c = row.createCell(i);
        c.setCellStyle(style);
        if (v instanceof Number num) {
            c.setCellValue(num.doubleValue());
        } else if (v != null) {
            c.setCellValue(v.toString());
        }
    }

    private static CellStyle style(XSSFWorkbook wb, int points, boolean bold, boolean boxed) {
        Font font = wb.createFont();
        font.setFontName("宋体");
        font.setFontHeightInPoints((short) points);
        font.setBold(bold);
        CellStyle s = wb.createCellStyle();
        s.setFont(font);
        s.setVerticalAlignment(VerticalAlignment.CENTER);
        if (boxed) {
            s.setWrapText(true);
            s.setBorderTop(BorderStyle.THIN);
            s.setBorderBottom(BorderStyle.THIN);
            s.setBorderLeft(BorderStyle.THIN);
            s.setBorderRight(BorderStyle.THIN);
        }
        return s;
    }

    /** Excel allows 31 characters and none of []:*?/\ in a sheet name. */
    private static String sheetName(String title) {
        String s = title.replaceAll("[\\[\\]:*?/\\\\]", " ");
        return s.length() > 31 ? s.substring(0, 31) : s;
    }
}
