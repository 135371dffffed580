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
            CellStyle title = style(wb, 16, true, false);
            title.setAlignment(HorizontalAlignment.CENTER);
            CellStyle plain = style(wb, 11, false, false);
            CellStyle heading = style(wb, 11, true, true);
            heading.setAlignment(HorizontalAlignment.CENTER);
            CellStyle cell = style(wb, 10, false, true);

            Row r0 = sheet.createRow(0);
            r0.setHeightInPoints(28);
            put(r0, 0, t.title(), title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, columns - 1));
            Row r1 = sheet.createRow(1);
            // the header fields spread over the width, as on the paper form
            int step = Math.max(1, columns / Math.max(1, t.headerFields().size()));
            for (int i = 0; i < t.headerFields().size(); i++) {
                put(r1, Math.min(columns - 1, i * step), t.headerFields().get(i), plain);
            }
            Row r2 = sheet.createRow(HEADING_ROW);
            for (int i = 0; i < columns; i++) {
                put(r2, i, t.columns().get(i), heading);
            }
            int n = HEADING_ROW + 1;
            for (List<Object> values : t.rows()) {
                Row row = sheet.createRow(n++);
                for (int i = 0; i < columns; i++) {
                    put(row, i, i < values.size() ? values.get(i) : null, cell);
                }
            }
            for (int i = 0; i < columns; i++) {
                int chars = t.widths() != null && i < t.widths().length ? t.widths()[i] : 12;
                sheet.setColumnWidth(i, Math.min(255, chars) * 256);
            }
            PrintSetup print = sheet.getPrintSetup();
            print.setPaperSize(PrintSetup.A4_PAPERSIZE);
            print.setLandscape(true);
            print.setFitWidth((short) 1);
            print.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setAutobreaks(true);
            sheet.setHorizontallyCenter(true);
            sheet.setRepeatingRows(new CellRangeAddress(HEADING_ROW, HEADING_ROW, -1, -1));
            sheet.createFreezePane(0, HEADING_ROW + 1);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
