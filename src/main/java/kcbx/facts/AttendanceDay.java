package kcbx.facts;

import java.time.LocalDate;

/** One recorded school day (records on days that are not school days never become facts). */
public final class AttendanceDay {
    private final LocalDate date;
    private final String status;

    public AttendanceDay(LocalDate date, String status) {
        this.date = date;
        this.status = status;
    }

    public LocalDate getDate() { return date; }
    /** PRESENT, LATE, ABSENT_EXCUSED or ABSENT_UNEXCUSED. */
    public String getStatus() { return status; }
}
