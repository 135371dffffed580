package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attendance of the term that contains asOf, as of asOf: how many school days have passed, how
 * many of them the student was recorded absent (excused or not), and what the first school days
 * of the term looked like. Only school days count; days with no record are not absences.
 */
public final class TermAttendance implements Explainable {
    private final String termName;
    private final LocalDate termStart;
    private final List<LocalDate> schoolDaysSoFar;
    private final Map<LocalDate, String> statusByDay;

    public TermAttendance(String termName, LocalDate termStart, List<LocalDate> schoolDaysSoFar,
                          Map<LocalDate, String> statusByDay) {
        this.termName = termName;
        this.termStart = termStart;
        this.schoolDaysSoFar = List.copyOf(schoolDaysSoFar);
        this.statusByDay = Map.copyOf(statusByDay);
    }

    public String getTermName() { return termName; }
    public LocalDate getTermStart() { return termStart; }
    public int getSchoolDaysSoFar() { return schoolDaysSoFar.size(); }

    public int getAbsentDays() {
        return (int) schoolDaysSoFar.stream().filter(d -> isAbsent(statusByDay.get(d))).count();
    }

    /** Absent days as a whole percentage of the school days so far, rounded down. */
    public int getAbsenceRatePercent() {
        return schoolDaysSoFar.isEmpty() ? 0 : getAbsentDays() * 100 / schoolDaysSoFar.size();
    }

    /**
     * The last school day on which the running absence rate rose to {@code percent} or above and
     * stayed there until asOf, counting only from the {@code minDays}-th school day; null if it is
     * not at or above {@code percent} now.
     */
    public LocalDate chronicSince(int percent, int minDays) {
        LocalDate since = null;
        int absent = 0;
        for (int i = 0; i < schoolDaysSoFar.size(); i++) {
            LocalDate d = schoolDaysSoFar.get(i);
            if (isAbsent(statusByDay.get(d))) {
                absent++;
            }
            boolean at = i + 1 >= minDays && absent * 100 >= percent * (i + 1);
            if (at && since == null) {
                since = d;
            } else if (!at) {
                since = null;
            }
        }
        return since;
    }

    /** The n-th school day of the term (1-based), or null when fewer have passed. */
    public LocalDate schoolDay(int n) {
        return n >= 1 && n <= schoolDaysSoFar.size() ? schoolDaysSoFar.get(n - 1) : null;
    }

    /** Whether the student was recorded present or late on any of the first n school days. */
    public boolean attendedWithin(int n) {
        return firstDays(n).stream().map(statusByDay::get)
                .anyMatch(s -> "PRESENT".equals(s) || "LATE".equals(s));
    }

    /** Unexcused absences among the first n school days. */
    public int unexcusedWithin(int n) {
        return (int) firstDays(n).stream().map(statusByDay::get).filter("ABSENT_UNEXCUSED"::equals).count();
    }

    private List<LocalDate> firstDays(int n) {
        return schoolDaysSoFar.subList(0, Math.min(Math.max(n, 0), schoolDaysSoFar.size()));
    }

    private static boolean isAbsent(String status) {
        return "ABSENT_UNEXCUSED".equals(status) || "ABSENT_EXCUSED".equals(status);
    }

    /** Shown in an explanation: the absent days themselves, up to this many, then how many more. */
    private static final int LISTED_DAYS = 31;

    @Override
    public Map<String, String> explain() {
        List<String> absent = schoolDaysSoFar.stream().filter(d -> isAbsent(statusByDay.get(d)))
                .map(LocalDate::toString).toList();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("term", termName);
        m.put("termStart", termStart.toString());
        m.put("schoolDaysSoFar", String.valueOf(schoolDaysSoFar.size()));
        m.put("absentDays", String.valueOf(absent.size()));
        m.put("absenceRatePercent", String.valueOf(getAbsenceRatePercent()));
        m.put("absentDates", String.join(", ", absent.subList(0, Math.min(absent.size(), LISTED_DAYS)))
                + (absent.size() > LISTED_DAYS ? " … (" + (absent.size() - LISTED_DAYS) + " more)" : ""));
        return m;
    }
}
