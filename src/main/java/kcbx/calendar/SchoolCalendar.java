package kcbx.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which days are school days: inside a term, Monday to Friday unless a holiday, and any make-up
 * workday (调休上班) even on a weekend. Outside the period the calendar covers, only weekends and
 * listed holidays are known, and {@link #covers} says so, so the decision can warn.
 */
public final class SchoolCalendar {
    private static final int MAX_LOOKBACK_DAYS = 120;

    private final List<Term> terms;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workdays;
    private final LocalDate validFrom;
    private final LocalDate validTo;
    /** School days of the covered period, one bit a day from validFrom: looked up, not recomputed. */
    private final BitSet schoolDays;
    /** The school days of each term asked about, listed on first use. */
    private final Map<Term, List<LocalDate>> schoolDaysOfTerm = new ConcurrentHashMap<>();

    public SchoolCalendar(List<Term> terms, Collection<LocalDate> holidays, Collection<LocalDate> workdays,
                          LocalDate validFrom, LocalDate validTo) {
        this.terms = List.copyOf(terms);
        this.holidays = Set.copyOf(holidays);
        this.workdays = Set.copyOf(workdays);
        this.validFrom = validFrom;
        this.validTo = validTo;
        this.schoolDays = new BitSet();
        if (validFrom != null && validTo != null) {
            int i = 0;
            for (LocalDate d = validFrom; !d.isAfter(validTo); d = d.plusDays(1), i++) {
                schoolDays.set(i, computeSchoolDay(d));
            }
        }
    }

    /**
     * This calendar with a school's own term and extra days laid over it. The school's holidays
     * and workdays win over the profile's on the same date.
     */
    public SchoolCalendar overlay(LocalDate termStart, LocalDate termEnd, Collection<LocalDate> extraHolidays,
                                  Collection<LocalDate> extraWorkdays) {
        List<Term> newTerms = terms;
        LocalDate from = validFrom;
        LocalDate to = validTo;
        if (termStart != null || termEnd != null) {
            Optional<Term> base = termStart != null ? termOn(termStart) : termOn(termEnd);
            LocalDate start = termStart != null ? termStart : base.map(Term::start).orElse(termEnd);
            LocalDate end = termEnd != null ? termEnd : base.map(Term::end).orElse(termStart);
            Term own = new Term(base.map(Term::name).orElse("本学期"), start, end);
            newTerms = new ArrayList<>();
            newTerms.add(own);
            for (Term t : terms) {
                if (t.end().isBefore(start) || t.start().isAfter(end)) {
                    newTerms.add(t);
                }
            }
            from = from == null || start.isBefore(from) ? start : from;
            to = to == null || end.isAfter(to) ? end : to;
        }
        Set<LocalDate> h = new TreeSet<>(holidays);
        Set<LocalDate> w = new TreeSet<>(workdays);
        h.removeAll(extraWorkdays);
        w.removeAll(extraHolidays);
        h.addAll(extraHolidays);
        w.addAll(extraWorkdays);
        return new SchoolCalendar(newTerms, h, w, from, to);
    }

    /** The last day the calendar knows terms for; empty for a calendar without a validity period. */
    public Optional<LocalDate> validTo() {
        return Optional.ofNullable(validTo);
    }

    public boolean covers(LocalDate date) {
        return validFrom != null && validTo != null && !date.isBefore(validFrom) && !date.isAfter(validTo);
    }

    public Optional<Term> termOn(LocalDate date) {
        return terms.stream().filter(t -> t.contains(date)).findFirst();
    }

    public boolean isSchoolDay(LocalDate date) {
        if (covers(date)) {
            return schoolDays.get((int) (date.toEpochDay() - validFrom.toEpochDay()));
        }
        return computeSchoolDay(date);
    }

    private boolean computeSchoolDay(LocalDate date) {
        if (covers(date) && termOn(date).isEmpty()) {
            return false;
        }
        if (workdays.contains(date)) {
            return true;
        }
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(date);
    }

    public boolean isHoliday(LocalDate date) {
        return holidays.contains(date);
    }

    public boolean isWorkday(LocalDate date) {
        return workdays.contains(date);
    }

    /** The last school day before {@code date}, or null when none lies within a school term's reach. */
    public LocalDate previousSchoolDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        for (int i = 0; i < MAX_LOOKBACK_DAYS; i++, d = d.minusDays(1)) {
            if (isSchoolDay(d)) {
                return d;
            }
        }
        return null;
    }

    /** School days after {@code from} up to and including {@code to}. */
    public int schoolDaysBetween(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isSchoolDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** The school day {@code n} school days after {@code date} (n >= 1), for due dates counted in school days. */
    public LocalDate addSchoolDays(LocalDate date, int n) {
        LocalDate d = date;
        int left = n;
        int guard = 0;
        while (left > 0 && guard++ < 3660) {
            d = d.plusDays(1);
            if (isSchoolDay(d)) {
                left--;
            }
        }
        return d;
    }

    /** The first day of the first term that starts on or after {@code date}, if the calendar knows one. */
    public Optional<LocalDate> nextTermStart(LocalDate date) {
        return terms.stream().map(Term::start).filter(s -> !s.isBefore(date)).sorted().findFirst();
    }

    /** The school days of {@code term} from its start up to and including {@code upTo}; read-only. */
    public List<LocalDate> schoolDays(Term term, LocalDate upTo) {
        // every decision asks this of the same few terms: the term's days are listed once
        List<LocalDate> all = schoolDaysOfTerm.computeIfAbsent(term, this::allSchoolDays);
        int i = Collections.binarySearch(all, upTo);
        return all.subList(0, i >= 0 ? i + 1 : -i - 1);
    }

    private List<LocalDate> allSchoolDays(Term term) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = term.start(); !d.isAfter(term.end()); d = d.plusDays(1)) {
            if (isSchoolDay(d)) {
                days.add(d);
            }
        }
        return List.copyOf(days);
    }

    public List<Term> terms() {
        return terms;
    }
}
