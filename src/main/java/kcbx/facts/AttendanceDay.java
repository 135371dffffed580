package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** One recorded school day (records on days that are not school days never become facts). */
public final class AttendanceDay implements Explainable {
    private final LocalDate date;
    private final String status;

    public AttendanceDay(LocalDate date, String status) {
        this.date = date;
        this.status = status;
    }

    public LocalDate getDate() { return date; }
    /** PRESENT, LATE, ABSENT_EXCUSED or ABSENT_UNEXCUSED. */
    public String getStatus() { return status; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", date.toString());
        m.put("status", status);
        return m;
    }
}
