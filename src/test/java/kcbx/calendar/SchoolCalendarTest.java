package kcbx.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchoolCalendarTest {
    private final SchoolCalendar calendar = new SchoolCalendar(
            List.of(new Term("autumn", d("2025-09-01"), d("2026-01-16"))),
            List.of(d("2025-10-01"), d("2025-10-02"), d("2025-10-03"), d("2025-10-06"), d("2025-10-07"), d("2025-10-08")),
            List.of(d("2025-09-28"), d("2025-10-11")),
            d("2025-08-01"), d("2026-08-31"));

    @Test
    void weekdaysInTermAreSchoolDaysAndWeekendsAreNot() {
        assertTrue(calendar.isSchoolDay(d("2025-09-05")));
        assertFalse(calendar.isSchoolDay(d("2025-09-06")));
        assertFalse(calendar.isSchoolDay(d("2025-09-07")));
    }

    @Test
    void holidaysAreNotSchoolDaysAndMakeUpWorkdaysAre() {
        assertFalse(calendar.isSchoolDay(d("2025-10-01")));
        assertTrue(calendar.isSchoolDay(d("2025-09-28")), "Sunday make-up workday");
        assertTrue(calendar.isSchoolDay(d("2025-10-11")), "Saturday make-up workday");
    }

    @Test
    void daysOutsideEveryTermAreNotSchoolDays() {
        assertFalse(calendar.isSchoolDay(d("2025-08-29")));
        assertFalse(calendar.isSchoolDay(d("2026-02-02")));
    }

    @Test
    void previousSchoolDaySkipsTheNationalDayHoliday() {
        assertEquals(d("2025-09-30"), calendar.previousSchoolDay(d("2025-10-09")));
        assertEquals(d("2025-09-26"), calendar.previousSchoolDay(d("2025-09-28")));
        assertEquals(d("2025-09-28"), calendar.previousSchoolDay(d("2025-09-29")));
    }

    @Test
    void overlayAddsASchoolsOwnHolidayAndTerm() {
        SchoolCalendar own = calendar.overlay(d("2025-09-08"), d("2026-01-20"), List.of(d("2025-09-10")), List.of());
        assertFalse(own.isSchoolDay(d("2025-09-10")));
        assertFalse(own.isSchoolDay(d("2025-09-05")), "before the school's own term start");
        assertTrue(own.isSchoolDay(d("2026-01-19")), "inside the school's longer term");
        assertFalse(own.isSchoolDay(d("2025-10-02")), "national holidays still apply");
    }

    @Test
    void outsideItsValidityOnlyWeekendsAndHolidaysAreKnown() {
        assertFalse(calendar.covers(d("2027-03-01")));
        assertTrue(calendar.isSchoolDay(d("2027-03-01")));
    }

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }
}
