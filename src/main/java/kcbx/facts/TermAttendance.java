package kcbx.facts;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attendance of the term that contains asOf, as of asOf: how many school days have passed, how
 * many of them the student was recorded absent (excused or not), and what the first school days
 * of the term looked like. Only school days count; days with no record are not absences.
 */
public final class TermAttendance implements Explainable {
    /** Shown in an explanation: the absent days themselves, up to this many, then how many more. */
    private static final int LISTED_DAYS = 31;

    private final String termName;
    private final LocalDate termStart;
    private final List<LocalDate> schoolDaysSoFar;
    /** The recorded status of each school day so far, in the same order; null where there is no record. */
    private final String[] statusOfDay;
    private final int absentDays;
    /** Built on first use: the same fact is shown in the explanation of every rule that matched it. */
    private Map<String, String> explanation;

    public TermAttendance(String termName, LocalDate termStart, List<LocalDate> schoolDaysSoFar,
                          Map<LocalDate, String> statusByDay) {
        this(termName, termStart, List.copyOf(schoolDaysSoFar), statuses(schoolDaysSoFar, statusByDay));
    }

    private TermAttendance(String termName, LocalDate termStart, List<LocalDate> schoolDaysSoFar, String[] statusOfDay) {
        this.termName = termName;
        this.termStart = termStart;
        this.schoolDaysSoFar = schoolDaysSoFar;
        this.statusOfDay = statusOfDay;
        int absent = 0;
        for (String status : statusOfDay) {
            if (isAbsent(status)) {
                absent++;
            }
        }
        this.absentDays = absent;
    }

    /**
     * The same from the recorded status of each school day so far, in the same order (null where
     * there is no record); {@code schoolDaysSoFar} is kept as it is, so it must not change later
     * (the calendar's own list of the term's days does not).
     */
    public static TermAttendance ofStatuses(String termName, LocalDate termStart, List<LocalDate> schoolDaysSoFar,
                                            String[] statusOfDay) {
        if (statusOfDay.length != schoolDaysSoFar.size()) {
            throw new IllegalArgumentException(statusOfDay.length + " statuses for " + schoolDaysSoFar.size() + " school days");
        }
        return new TermAttendance(termName, termStart, schoolDaysSoFar, statusOfDay.clone());
    }

    private static String[] statuses(List<LocalDate> days, Map<LocalDate, String> statusByDay) {
        String[] out = new String[days.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = statusByDay.get(days.get(i));
        }
        return out;
    }

    public String getTermName() { return termName; }
    public LocalDate getTermStart() { return termStart; }
    public int getSchoolDaysSoFar() { return schoolDaysSoFar.size(); }

    public int getAbsentDays() {
        return absentDays;
    }

    /** Absent days as a whole percentage of the school days so far, rounded down. */
    public int getAbsenceRatePercent() {
        return schoolDaysSoFar.isEmpty() ? 0 : absentDays * 100 / schoolDaysSoFar.size();
    }

    /**
     * The last school day on which the running absence rate rose to {@code percent} or above and
     * stayed there until asOf, counting only from the {@code minDays}-th school day; null if it is
     * not at or above {@code percent} now.
     */
    public LocalDate chronicSince(int percent, int minDays) {
        LocalDate since = null;
        int absent = 0;
        for (int i = 0; i < statusOfDay.length; i++) {
            if (isAbsent(statusOfDay[i])) {
                absent++;
            }
            boolean at = i + 1 >= minDays && absent * 100 >= percent * (i + 1);
            if (at && since == null) {
                since = schoolDaysSoFar.get(i);
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
        for (int i = 0; i < firstDays(n); i++) {
            if ("PRESENT".equals(statusOfDay[i]) || "LATE".equals(statusOfDay[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The latest of the last n school days up to asOf on which the student was recorded present or
     * late, or null when there is none (the evidence that a child is in class, whatever the
     * registry says).
     */
    public LocalDate lastPresentWithin(int n) {
        for (int i = statusOfDay.length - 1; i >= Math.max(statusOfDay.length - n, 0); i--) {
            if ("PRESENT".equals(statusOfDay[i]) || "LATE".equals(statusOfDay[i])) {
                return schoolDaysSoFar.get(i);
            }
        }
        return null;
    }

    /** Unexcused absences among the first n school days. */
    public int unexcusedWithin(int n) {
        int count = 0;
        for (int i = 0; i < firstDays(n); i++) {
            if ("ABSENT_UNEXCUSED".equals(statusOfDay[i])) {
                count++;
            }
        }
        return count;
    }

    private int firstDays(int n) {
        return Math.min(Math.max(n, 0), statusOfDay.length);
    }

    private static boolean isAbsent(String status) {
        return "ABSENT_UNEXCUSED".equals(status) || "ABSENT_EXCUSED".equals(status);
    }

    @Override
    public Map<String, String> explain() {
        if (explanation == null) {
            StringBuilder dates = new StringBuilder();
            int listed = 0;
            for (int i = 0; i < statusOfDay.length && listed < LISTED_DAYS; i++) {
                if (isAbsent(statusOfDay[i])) {
                    dates.append(listed++ == 0 ? "" : ", ").append(schoolDaysSoFar.get(i));
                }
            }
            if (absentDays > LISTED_DAYS) {
                dates.append(" … (").append(absentDays - LISTED_DAYS).append(" more)");
            }
            Map<String, String> m = new LinkedHashMap<>();
            m.put("term", termName);
            m.put("termStart", termStart.toString());
            m.put("schoolDaysSoFar", String.valueOf(schoolDaysSoFar.size()));
            m.put("absentDays", String.valueOf(absentDays));
            m.put("absenceRatePercent", String.valueOf(getAbsenceRatePercent()));
            m.put("absentDates", dates.toString());
            explanation = Collections.unmodifiableMap(m);
        }
        return explanation;
    }
}
