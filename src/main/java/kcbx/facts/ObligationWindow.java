package kcbx.facts;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import kcbx.calendar.Term;

/**
 * The period obligations are listed for, and the dates in it that recur: the 20th of every
 * month, 30 June of every year, the last day of every quarter, the terms of the profile's
 * calendar. It only enumerates dates; which obligation falls on which is for the rules.
 */
public final class ObligationWindow {
    private final LocalDate from;
    private final LocalDate to;
    private final List<Term> terms;

    public ObligationWindow(LocalDate from, LocalDate to, List<Term> terms) {
        this.from = from;
        this.to = to;
        this.terms = List.copyOf(terms);
    }

    public boolean contains(LocalDate d) {
        return !d.isBefore(from) && !d.isAfter(to);
    }

    /** Day {@code day} of every month in the period; 31 in a shorter month is its last day. */
    public List<LocalDate> monthly(int day) {
        List<LocalDate> out = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            add(out, m.atDay(Math.min(day, m.lengthOfMonth())));
        }
        return out;
    }

    /** Day {@code day} of every {@code every}-th month counted from month {@code firstMonth} (1-12). */
    public List<LocalDate> everyNthMonth(int firstMonth, int every, int day) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d : monthly(day)) {
            if (Math.floorMod(d.getMonthValue() - firstMonth, every) == 0) {
                out.add(d);
            }
        }
        return out;
    }

    /** "06-30" of every year in the period. */
    public List<LocalDate> yearly(String monthDay) {
        MonthDay md = monthDay(monthDay);
        List<LocalDate> out = new ArrayList<>();
        for (int y = from.getYear(); y <= to.getYear(); y++) {
            add(out, md.atYear(y));
        }
        return out;
    }

    /** Every month {@code month} (1-12) in the period, as its first day; the month's last day must be in the period. */
    public List<YearMonth> everyMonth(int month) {
        List<YearMonth> out = new ArrayList<>();
        for (int y = from.getYear(); y <= to.getYear(); y++) {
            YearMonth ym = YearMonth.of(y, month);
            if (contains(ym.atEndOfMonth())) {
                out.add(ym);
            }
        }
        return out;
    }

    /** The last day of every quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec) in the period. */
    public List<LocalDate> quarterEnds() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d : monthly(31)) {
            if (d.getMonthValue() % 3 == 0) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Day {@code dayOfWeek} (1 Monday - 7 Sunday) of every week that falls in a term of the
     * calendar and in the period: weekly duties of a school stop in the holidays.
     */
    public List<LocalDate> weeklyInTerms(int dayOfWeek) {
        List<LocalDate> out = new ArrayList<>();
        for (Term t : terms) {
            LocalDate d = t.start().with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.of(dayOfWeek)));
            for (; !d.isAfter(t.end()); d = d.plusWeeks(1)) {
                add(out, d);
            }
        }
        return out;
    }

    /**
     * The last school day-to-be of every month a term runs in: the month's last day, or the
     * term's last day when the term ends inside the month; in the period.
     */
    public List<LocalDate> monthEndsInTerms() {
        List<LocalDate> out = new ArrayList<>();
        for (Term t : terms) {
            for (YearMonth m = YearMonth.from(t.start()); !m.isAfter(YearMonth.from(t.end())); m = m.plusMonths(1)) {
                LocalDate end = m.atEndOfMonth();
                add(out, end.isAfter(t.end()) ? t.end() : end);
            }
        }
        return out;
    }

    /** Terms of the profile's calendar; a rule keeps the dates it derives from them that fall in the period. */
    public List<Term> getTerms() {
        return terms;
    }

    /** Autumn terms (starting July-December) of the calendar. */
    public List<Term> getAutumnTerms() {
        return terms.stream().filter(t -> t.start().getMonthValue() >= 7).toList();
    }

    /** Spring terms (starting January-June) of the calendar. */
    public List<Term> getSpringTerms() {
        return terms.stream().filter(t -> t.start().getMonthValue() < 7).toList();
    }

    public LocalDate getFrom() { return from; }
    public LocalDate getTo() { return to; }

    private void add(List<LocalDate> out, LocalDate d) {
        if (contains(d)) {
            out.add(d);
        }
    }

    private static MonthDay monthDay(String text) {
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("A month-day parameter must be written MM-DD, not " + text);
        }
    }
}
