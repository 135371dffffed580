package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Student;
import kcbx.calendar.SchoolCalendar;
import kcbx.calendar.Term;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import kcbx.facts.AbsenceStreak;
import kcbx.facts.TermAttendance;
import kcbx.facts.Warning;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The term's attendance pairs each school day with its record in one walk over records in date
 * order (sorted only when a caller sent them out of order). Whatever the order of the records, with
 * a day recorded twice (the later record counts), records of the summer before the term, of a
 * weekend and after asOf, the facts are those of the plain definition: each school day so far
 * looked up in a map of the records of the term.
 */
class FactMapperAttendanceTest {
    private static final LocalDate AS_OF = LocalDate.of(2025, 11, 14);
    private static ProfileRules helan;

    @BeforeAll
    static void rules() {
        helan = new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules"))).profile("helan").orElseThrow();
    }

    @Test
    void anyOrderOfTheRecordsGivesTheFactsOfTheMapDefinition() {
        List<AttendanceRecord> records = records();
        TermAttendance expected = byTheMapDefinition(records);
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<AttendanceRecord> shuffled = new ArrayList<>(records);
            if (round > 0) { // round 0: as a school system sends them, in date order
                shuffled = shuffledKeepingTheOrderOfEachDay(records, random);
            }
            List<Object> facts = FactMapper.map(request(shuffled), helan);
            TermAttendance term = only(facts, TermAttendance.class);
            assertEquals(expected.explain(), term.explain(), "round " + round);
            assertEquals(expected.chronicSince(10, 5), term.chronicSince(10, 5), "round " + round);
            assertEquals(expected.lastPresentWithin(10), term.lastPresentWithin(10), "round " + round);
            assertEquals(expected.unexcusedWithin(15), term.unexcusedWithin(15), "round " + round);
            assertEquals(expected.attendedWithin(3), term.attendedWithin(3), "round " + round);
            // the streak and the warnings do not depend on the order either
            assertEquals(List.of(LocalDate.of(2025, 11, 12), LocalDate.of(2025, 11, 13), AS_OF),
                    only(facts, AbsenceStreak.class).getDates(), "round " + round);
            assertEquals(List.of("ATTENDANCE_AFTER_AS_OF", "ATTENDANCE_ON_NON_SCHOOL_DAY"),
                    facts.stream().filter(Warning.class::isInstance).map(w -> ((Warning) w).getCode()).sorted().toList(),
                    "round " + round);
        }
        assertEquals(5, expected.getAbsentDays(), "three unexcused at the end, the 2nd and the 20th excused");
        assertNotNull(expected.chronicSince(5, 5), "the fixture reaches a chronic share at 5 %");
    }

    @Test
    void noRecordInTheTermIsWarnedWhateverTheOrder() {
        List<AttendanceRecord> summer = new ArrayList<>(List.of(
                new AttendanceRecord(LocalDate.of(2025, 6, 27), AttendanceStatus.PRESENT),
                new AttendanceRecord(LocalDate.of(2025, 6, 20), AttendanceStatus.PRESENT)));
        List<Object> facts = FactMapper.map(request(summer), helan);
        assertEquals(List.of("NO_ATTENDANCE_IN_TERM"), facts.stream().filter(Warning.class::isInstance)
                .map(w -> ((Warning) w).getCode()).toList());
        assertEquals(0, only(facts, TermAttendance.class).getAbsentDays());
    }

    /** Every school day of the term up to asOf, with a weekend day, a day twice, the summer and a day after asOf. */
    private static List<AttendanceRecord> records() {
        SchoolCalendar calendar = helan.calendar();
        Term term = calendar.termOn(AS_OF).orElseThrow();
        List<LocalDate> days = calendar.schoolDays(term, AS_OF);
        List<AttendanceRecord> out = new ArrayList<>();
        out.add(new AttendanceRecord(LocalDate.of(2025, 6, 30), AttendanceStatus.ABSENT_UNEXCUSED)); // last term
        for (int i = 0; i < days.size(); i++) {
            AttendanceStatus s = i >= days.size() - 3 ? AttendanceStatus.ABSENT_UNEXCUSED
                    : i == 1 || i == 19 ? AttendanceStatus.ABSENT_EXCUSED : i % 7 == 3 ? AttendanceStatus.LATE
                    : AttendanceStatus.PRESENT;
            if (i == 4) { // recorded absent first, then corrected: the later record counts
                out.add(new AttendanceRecord(days.get(i), AttendanceStatus.ABSENT_UNEXCUSED));
            }
            out.add(new AttendanceRecord(days.get(i), s));
        }
        out.add(new AttendanceRecord(LocalDate.of(2025, 11, 8), AttendanceStatus.PRESENT)); // a Saturday
        out.add(new AttendanceRecord(AS_OF.plusDays(3), AttendanceStatus.PRESENT)); // after asOf
        return out;
    }

    /** A random order in which the records of one day keep their order (the later one still counts). */
    private static List<AttendanceRecord> shuffledKeepingTheOrderOfEachDay(List<AttendanceRecord> records, Random random) {
        List<AttendanceRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        Map<LocalDate, List<AttendanceRecord>> ofDay = new HashMap<>();
        for (AttendanceRecord r : records) {
            ofDay.computeIfAbsent(r.getDate(), d -> new ArrayList<>()).add(r);
        }
        Map<LocalDate, Integer> next = new HashMap<>();
        List<AttendanceRecord> out = new ArrayList<>();
        for (AttendanceRecord r : shuffled) {
            int k = next.merge(r.getDate(), 1, Integer::sum) - 1;
            out.add(ofDay.get(r.getDate()).get(k));
        }
        return out;
    }

    private static TermAttendance byTheMapDefinition(List<AttendanceRecord> records) {
        SchoolCalendar calendar = helan.calendar();
        Term term = calendar.termOn(AS_OF).orElseThrow();
        Map<LocalDate, String> status = new HashMap<>();
        for (AttendanceRecord r : records) {
            if (term.contains(r.getDate()) && !r.getDate().isAfter(AS_OF) && calendar.isSchoolDay(r.getDate())) {
                status.put(r.getDate(), r.getStatus().getValue());
            }
        }
        return new TermAttendance(term.name(), term.start(), calendar.schoolDays(term, AS_OF), status);
    }

    private static DecisionRequest request(List<AttendanceRecord> records) {
        return new DecisionRequest(AS_OF, new Student("fm-1").schoolId("s1").grade(8).birthDate(LocalDate.of(2012, 5, 1)))
                .profile("helan").attendance(records);
    }

    private static <T> T only(List<Object> facts, Class<T> type) {
        List<T> found = facts.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " in " + facts);
        return found.get(0);
    }
}
