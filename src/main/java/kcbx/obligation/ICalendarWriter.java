package kcbx.obligation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import kcbx.api.model.Obligation;
import kcbx.api.model.ObligationList;
import kcbx.api.model.Role;

/**
 * Writes obligations as an RFC 5545 calendar: one all-day VEVENT per obligation, spanning its
 * window when it has one (a publicity month) and otherwise its due day. UIDs are stable (profile,
 * rule, due date), so a subscribed calendar updates events instead of duplicating them. Text is
 * escaped and lines are folded at 75 octets without splitting a UTF-8 character.
 */
final class ICalendarWriter {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ICalendarWriter() {
    }

    static String write(ObligationList list, String profileName, Instant stamp) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//kcbx//控辍保学 obligations//ZH");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "X-WR-CALNAME:" + text("控辍保学定期事项 " + profileName
                + (list.getRole() == null ? "" : " " + list.getRole().getValue())));
        line(out, "X-WR-TIMEZONE:Asia/Shanghai");
        for (Obligation o : list.getObligations()) {
            LocalDate start = o.getStartDate() == null ? o.getDueDate() : o.getStartDate();
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + text(list.getProfile() + "-" + o.getRuleId() + "-" + DAY.format(o.getDueDate())
                    + "@kcbx"));
            line(out, "DTSTAMP:" + STAMP.format(stamp));
            line(out, "DTSTART;VALUE=DATE:" + DAY.format(start));
            line(out, "DTEND;VALUE=DATE:" + DAY.format(o.getDueDate().plusDays(1)));
            line(out, "SUMMARY:" + text(o.getTitle() + "（截止" + o.getDueDate() + "）"));
            line(out, "DESCRIPTION:" + text(o.getReason() + "\n负责：" + o.getResponsible().getValue()
                    + (o.getParticipants().isEmpty() ? "" : "；参与：" + String.join("、",
                            o.getParticipants().stream().map(Role::getValue).toList()))
                    + "\n依据：" + o.getCitation() + "\n规则：" + o.getRuleId() + "\n代码：" + o.getCode().getValue()));
            line(out, "CATEGORIES:" + text(o.getCode().getValue()) + "," + text(o.getResponsible().getValue()));
            line(out, "TRANSP:TRANSPARENT");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** TEXT value escaping of RFC 5545 3.3.11. */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n");
    }

    /** Appends a content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int i = 0;
        while (i < content.length()) {
            int cp = content.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + len > 75) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += len;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
