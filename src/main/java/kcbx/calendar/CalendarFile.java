package kcbx.calendar;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a profile's calendar.yaml: validFrom/validTo, terms (name, start, end), holidays and
 * workdays, where a holiday may be one date or a range written "2025-10-01..2025-10-08".
 * Errors name the key, so policy staff can find the line.
 */
public final class CalendarFile {
    private CalendarFile() {
    }

    /**
     * A profile's calendar from the calendar.yaml files of its folders, the baseline's first: a
     * later file overrides an earlier one key by key, so a county that writes only its own term
     * dates keeps the national holidays and make-up workdays of the baseline. {@code file} names
     * the last one in errors.
     */
    public static SchoolCalendar layered(List<Map<String, Object>> layers, String file) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map<String, Object> layer : layers) {
            merged.putAll(layer);
        }
        return parse(merged, file);
    }

    public static SchoolCalendar parse(Map<String, Object> yaml, String file) {
        List<Term> terms = new ArrayList<>();
        Object t = yaml.get("terms");
        if (t instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException(file + ": terms[" + i + "] must have name, start and end");
                }
                LocalDate start = date(m.get("start"), file, "terms[" + i + "].start");
                LocalDate end = date(m.get("end"), file, "terms[" + i + "].end");
                if (end.isBefore(start)) {
                    throw new IllegalArgumentException(file + ": terms[" + i + "] ends before it starts");
                }
                terms.add(new Term(String.valueOf(m.get("name")), start, end));
            }
        } else if (t != null) {
            throw new IllegalArgumentException(file + ": terms must be a list");
        }
        return new SchoolCalendar(terms, days(yaml.get("holidays"), file, "holidays"),
                days(yaml.get("workdays"), file, "workdays"),
                yaml.get("validFrom") == null ? null : date(yaml.get("validFrom"), file, "validFrom"),
                yaml.get("validTo") == null ? null : date(yaml.get("validTo"), file, "validTo"));
    }

    private static List<LocalDate> days(Object value, String file, String key) {
        List<LocalDate> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": " + key + " must be a list of dates");
        }
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            String where = key + "[" + i + "]";
            if (v instanceof String s && s.contains("..")) {
                String[] parts = s.split("\\.\\.", 2);
                LocalDate from = date(parts[0].trim(), file, where);
                LocalDate to = date(parts[1].trim(), file, where);
                if (to.isBefore(from)) {
                    throw new IllegalArgumentException(file + ": " + where + " ends before it starts");
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    out.add(d);
                }
            } else {
                out.add(date(v, file, where));
            }
        }
        return out;
    }

    private static LocalDate date(Object v, String file, String key) {
        if (v instanceof Date d) {
            // SnakeYAML reads an unquoted 2025-10-01 as a timestamp at UTC midnight
            return d.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
        }
        if (v instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": " + key + " is not a date (YYYY-MM-DD): " + s);
            }
        }
        throw new IllegalArgumentException(file + ": " + key + " is missing or not a date (YYYY-MM-DD)");
    }
}
