package kcbx.facts;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** Date arithmetic the rules need for due dates; all of it from asOf, never from the clock. */
public final class Dates {
    /** The dates a request may decide on (asOf, and the dates it sends): the years the service runs in. */
    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    private Dates() {
    }

    public static LocalDate endOfMonth(LocalDate date) {
        return date.with(TemporalAdjusters.lastDayOfMonth());
    }

    public static LocalDate startOfMonth(LocalDate date) {
        return date.withDayOfMonth(1);
    }

    /**
     * The next occurrence of a yearly deadline written "MM-DD" on or after {@code date}, e.g. the
     * 10 August placement assessment; when {@code monthDay} is blank, {@code date} plus {@code days}.
     */
    public static LocalDate yearlyOrAfter(LocalDate date, String monthDay, int days) {
        if (monthDay == null || monthDay.isBlank()) {
            return date.plusDays(days);
        }
        try {
            MonthDay md = MonthDay.parse("--" + monthDay.trim());
            LocalDate thisYear = md.atYear(date.getYear());
            return thisYear.isBefore(date) ? md.atYear(date.getYear() + 1) : thisYear;
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("A yearly deadline must be written MM-DD, not " + monthDay);
        }
    }

    /**
     * The latest of the dates an accumulate collected, or null when it collected none (the built-in
     * max() does not match at all over no facts, and "none yet" is an answer these rules need).
     */
    public static LocalDate latestOf(java.util.Collection<?> dates) {
        LocalDate latest = null;
        for (Object d : dates) {
            LocalDate date = (LocalDate) d;
            if (latest == null || date.isAfter(latest)) {
                latest = date;
            }
        }
        return latest;
    }

    /** Whether a yearly deadline written "MM-DD" is already behind {@code date} in its year; false when blank. */
    public static boolean passedThisYear(LocalDate date, String monthDay) {
        return monthDay != null && !monthDay.isBlank() && yearlyOrAfter(date, monthDay, 0).getYear() != date.getYear();
    }

    /** Whole years from {@code birth} to {@code on}. */
    public static int age(LocalDate birth, LocalDate on) {
        return (int) ChronoUnit.YEARS.between(birth, on);
    }

    /** Calendar days from {@code from} to {@code to} (negative when {@code to} is earlier). */
    public static long daysBetween(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to);
    }
}
