package kcbx.calendar;

import java.time.LocalDate;

/** A school term, first and last day inclusive. */
public record Term(String name, LocalDate start, LocalDate end) {

    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }
}
