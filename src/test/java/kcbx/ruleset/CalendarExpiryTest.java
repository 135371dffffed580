package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;

/** The shipped calendars cover the school year in progress, and the service warns before one runs out. */
class CalendarExpiryTest {
    private static Map<String, ProfileRules> profiles;

    @BeforeAll
    static void compileShippedRules() {
        profiles = new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules"))).profiles();
    }

    @Test
    void everyShippedCalendarCoversTheSchoolYear2026To2027() {
        for (ProfileRules p : profiles.values()) {
            assertTrue(p.calendar().covers(LocalDate.of(2026, 12, 3)), p.definition().id());
            assertTrue(p.calendar().termOn(LocalDate.of(2026, 12, 3)).isPresent(), p.definition().id());
            assertTrue(p.calendar().termOn(LocalDate.of(2027, 5, 12)).isPresent(), p.definition().id());
        }
    }

    @Test
    void noWarningWhileTheCalendarHasMoreThanTheWarningPeriodLeft() {
        assertEquals(List.of(), CalendarExpiry.expiring(profiles, LocalDate.of(2026, 12, 3), 60));
        assertEquals(List.of(), CalendarExpiry.expiring(profiles, LocalDate.of(2027, 7, 1), 60));
    }

    @Test
    void everyProfileIsNamedOnceItsCalendarEndsWithinTheWarningPeriod() {
        List<CalendarExpiry.Expiring> soon = CalendarExpiry.expiring(profiles, LocalDate.of(2027, 7, 2), 60);
        assertEquals(profiles.size(), soon.size());
        CalendarExpiry.Expiring helan = soon.stream().filter(e -> e.profile().equals("helan")).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2027, 8, 31), helan.validTo());
        assertEquals(60, helan.daysLeft());
        assertTrue(helan.message().contains("2027-08-31"), helan.message());
    }

    @Test
    void aCalendarThatHasEndedIsReportedWithNegativeDaysLeft() {
        CalendarExpiry.Expiring ended = CalendarExpiry.expiring(profiles, LocalDate.of(2027, 9, 10), 60).get(0);
        assertEquals(-10, ended.daysLeft());
        assertTrue(ended.message().contains("已于"), ended.message());
    }
}
