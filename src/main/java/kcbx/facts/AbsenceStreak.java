package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run of unexcused absences on consecutive school days that ends at the latest attendance
 * record on or before asOf. Weekends, holidays and other non-school days between two absences do
 * not break it; a school day with a record of presence, lateness or excused absence does, and so
 * does a school day with no record (days with no record are not absences).
 */
public final class AbsenceStreak implements Explainable {
    private final List<LocalDate> dates;

    public AbsenceStreak(List<LocalDate> dates) {
        if (dates.isEmpty()) {
            throw new IllegalArgumentException("a streak has at least one day");
        }
        this.dates = List.copyOf(dates);
    }

    public int getLength() { return dates.size(); }
    public LocalDate getStart() { return dates.get(0); }
    public LocalDate getEnd() { return dates.get(dates.size() - 1); }
    public List<LocalDate> getDates() { return dates; }

    /** The n-th school day of the streak (1-based): the day a threshold of n days was reached. */
    public LocalDate dayAt(int n) {
        return dates.get(Math.min(Math.max(n, 1), dates.size()) - 1);
    }

    /** The first school day of the streak after {@code date}, or null when the streak ends on or before it. */
    public LocalDate firstAfter(LocalDate date) {
        return dates.stream().filter(d -> d.isAfter(date)).findFirst().orElse(null);
    }

    /** "2025-09-08" or "2025-09-08至2025-09-10", for reason sentences. */
    public String getSpan() {
        return dates.size() == 1 ? getStart().toString() : getStart() + "至" + getEnd();
    }

    /** The span of the first n days, e.g. the three days that made a suspected dropout. */
    public String spanOf(int n) {
        LocalDate last = dayAt(n);
        return last.equals(getStart()) ? last.toString() : getStart() + "至" + last;
    }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dates", String.join(", ", dates.stream().map(LocalDate::toString).toList()));
        m.put("length", String.valueOf(dates.size()));
        return m;
    }
}
