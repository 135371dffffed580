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
     * A yearly deadline written "MM-DD" when it is still ahead in {@code date}'s year; once it has
     * passed, {@code date} plus {@code daysWhenPassed} (a child found after the yearly round is
     * dealt with now, not a year later); when {@code monthDay} is blank, {@code date} plus
     * {@code days}.
     */
    public static LocalDate yearlyOrWithin(LocalDate date, String monthDay, int days, int daysWhenPassed) {
        if (monthDay == null || monthDay.isBlank()) {
            return date.plusDays(days);
        }
        LocalDate next = yearlyOrAfter(date, monthDay, days);
        return next.getYear() == date.getYear() ? next : date.plusDays(daysWhenPassed);
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
