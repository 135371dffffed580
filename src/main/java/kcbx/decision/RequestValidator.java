package kcbx.decision;

import java.time.LocalDate;
import kcbx.facts.Dates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Intervention;
import kcbx.api.model.SchoolCalendar;
import kcbx.api.model.Student;
import kcbx.facts.NationalId;
import kcbx.facts.RegistryStatus;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * What the schema alone cannot say about a request: a valid national ID, a known registry status,
 * dates in a sensible range and order, one attendance record a day. Every problem is reported at
 * once, by JSON path; messages never repeat the value (it may be a child's ID).
 */
public final class RequestValidator {
    static final LocalDate EARLIEST = Dates.EARLIEST;
    static final LocalDate LATEST = Dates.LATEST;

    private RequestValidator() {
    }

    public static void validate(DecisionRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        LocalDate asOf = request.getAsOf();
        inRange(asOf, "asOf", errors);
        Student s = request.getStudent();
        if (s.getId().isBlank()) {
            errors.add(new FieldProblem("student.id", "must not be blank"));
        }
        if (s.getNationalId() != null) {
            NationalId.problem(s.getNationalId())
                    .ifPresent(p -> errors.add(new FieldProblem("student.nationalId", p)));
        }
        if (s.getRegistryStatus() != null && RegistryStatus.parse(s.getRegistryStatus()).isEmpty()) {
            errors.add(new FieldProblem("student.registryStatus", "must be " + RegistryStatus.ACCEPTED));
        }
        if (s.getBirthDate() != null) {
            inRange(s.getBirthDate(), "student.birthDate", errors);
            if (asOf != null && s.getBirthDate().isAfter(asOf)) {
                errors.add(new FieldProblem("student.birthDate", "is after asOf"));
            }
        }
        if (s.getReturnedOn() != null) {
            inRange(s.getReturnedOn(), "student.returnedOn", errors);
        }
        attendance(request.getAttendance(), errors);
        interventions(request.getInterventions(), errors);
        calendar(request.getCalendar(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void attendance(List<AttendanceRecord> records, List<FieldProblem> errors) {
        if (records == null) {
            return;
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            AttendanceRecord r = records.get(i);
            if (r == null) {
                errors.add(new FieldProblem("attendance[" + i + "]", "must not be null"));
                continue;
            }
            if (r.getDate() == null) {
                continue; // reported by the schema's required check
            }
            inRange(r.getDate(), "attendance[" + i + "].date", errors);
            Integer earlier = seen.putIfAbsent(r.getDate(), i);
            if (earlier != null) {
                errors.add(new FieldProblem("attendance[" + i + "].date",
                        "repeats the date of attendance[" + earlier + "]; send one record a day"));
            }
        }
    }

    private static void interventions(List<Intervention> interventions, List<FieldProblem> errors) {
        if (interventions == null) {
            return;
        }
        for (int i = 0; i < interventions.size(); i++) {
            Intervention v = interventions.get(i);
            if (v == null) {
                errors.add(new FieldProblem("interventions[" + i + "]", "must not be null"));
            } else if (v.getDate() != null) {
                inRange(v.getDate(), "interventions[" + i + "].date", errors);
            }
        }
    }

    private static void calendar(SchoolCalendar c, List<FieldProblem> errors) {
        if (c == null) {
            return;
        }
        inRange(c.getTermStart(), "calendar.termStart", errors);
        inRange(c.getTermEnd(), "calendar.termEnd", errors);
        if (c.getTermStart() != null && c.getTermEnd() != null && c.getTermEnd().isBefore(c.getTermStart())) {
            errors.add(new FieldProblem("calendar.termEnd", "is before calendar.termStart"));
        }
        dates(c.getHolidays(), "calendar.holidays", errors);
        dates(c.getWorkdays(), "calendar.workdays", errors);
    }

    private static void dates(List<LocalDate> dates, String field, List<FieldProblem> errors) {
        if (dates == null) {
            return;
        }
        for (int i = 0; i < dates.size(); i++) {
            if (dates.get(i) == null) {
                errors.add(new FieldProblem(field + "[" + i + "]", "must not be null"));
            } else {
                inRange(dates.get(i), field + "[" + i + "]", errors);
            }
        }
    }

    private static void inRange(LocalDate date, String field, List<FieldProblem> errors) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            errors.add(new FieldProblem(field, "must be between " + EARLIEST + " and " + LATEST));
        }
    }
}
