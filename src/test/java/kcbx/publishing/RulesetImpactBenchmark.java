package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.ImpactReport;
import kcbx.api.model.Student;
import kcbx.decision.DecisionService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetSource;

/**
 * The impact of lowering helan's suspected-dropout threshold from 3 to 2 school days on 10,000
 * stored decisions (students with 0 to 5 trailing unexcused days). Prints the figures; the only
 * assertions are on what changes, not on speed.
 * Run: ./mvnw -B test-compile surefire:test@benchmark -Dtest=RulesetImpactBenchmark
 */
@MicronautTest(transactional = false)
@Tag("benchmark")
class RulesetImpactBenchmark {
    private static final int DECISIONS = 10_000;

    @Inject
    DecisionService decisions;

    @Inject
    RulesetImpact impact;

    @Test
    void impactOfAThresholdChangeOnTenThousandStoredDecisions() {
        long from = Instant.now().toEpochMilli();
        long start = System.nanoTime();
        for (int i = 0; i < DECISIONS; i++) {
            decisions.decideAsync(request(i), null, "bench").join();
        }
        long storeMs = (System.nanoTime() - start) / 1_000_000;
        long to = Instant.now().toEpochMilli() + 1;

        long compileStart = System.nanoTime();
        CompiledRuleset candidate = RulesetPublisher.compileOrRefuse(new RulesetSource(RulesetPublishTest.twoDayCandidate()));
        long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
        ImpactReport report = impact.impact(candidate, from, to, DECISIONS);

        System.out.printf("impact: %d stored decisions replayed under the candidate in %d ms (%.0f/s); %d change;"
                        + " candidate compiled in %d ms; storing them took %d ms%n", report.getReplayed(),
                report.getElapsedMs(), report.getReplayed() * 1000.0 / Math.max(report.getElapsedMs(), 1),
                report.getChanged(), compileMs, storeMs);
        System.out.println("impact flags: " + report.getFlags());
        System.out.println("impact risk levels: " + report.getRiskLevels());
        report.getByRules().forEach(g -> System.out.println("impact by rules: now firing " + g.getRulesNowFiring()
                + ", no longer firing " + g.getRulesNoLongerFiring() + ": " + g.getCount() + " decisions"));
        assertEquals(DECISIONS, report.getReplayed());
        // exactly the students with two trailing unexcused days become suspected dropouts; those with
        // more may see the flag's date move, none with fewer changes
        long twoDays = countWith(2);
        assertEquals(twoDays, report.getFlags().stream().filter(f -> f.getCode().equals("SUSPECTED_DROPOUT"))
                .findFirst().orElseThrow().getAdded());
        assertTrue(report.getChanged() >= twoDays
                && report.getChanged() <= twoDays + countWith(3) + countWith(4) + countWith(5), report.toString());
        // the students who become suspected dropouts are the group whose change is that rule now firing; the
        // others changed (the flag's date moved) with the same rules firing
        assertTrue(report.getByRules().stream().anyMatch(g -> g.getCount() == twoDays
                && g.getRulesNowFiring().contains("attendance.suspected-dropout")), report.getByRules().toString());
    }

    private static long countWith(int absent) {
        return java.util.stream.IntStream.range(0, DECISIONS).filter(i -> i % 6 == absent).count();
    }

    /** Student i: present until the last (i % 6) school days before 19 Sep 2025, absent without excuse on those. */
    private static DecisionRequest request(int i) {
        LocalDate asOf = LocalDate.of(2025, 9, 19);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 9, 8); !d.isAfter(asOf); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() < 6) {
                days.add(d);
            }
        }
        int absent = i % 6;
        List<AttendanceRecord> attendance = new ArrayList<>();
        for (int k = 0; k < days.size(); k++) {
            attendance.add(new AttendanceRecord(days.get(k), k >= days.size() - absent
                    ? AttendanceStatus.ABSENT_UNEXCUSED : AttendanceStatus.PRESENT));
        }
        return new DecisionRequest(asOf, new Student("bench-" + i).schoolId("school-" + (i % 40)).grade(7))
                .profile("helan").attendance(attendance);
    }
}
