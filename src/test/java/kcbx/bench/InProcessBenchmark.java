package kcbx.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Family;
import kcbx.api.model.Intervention;
import kcbx.api.model.InterventionOutcome;
import kcbx.api.model.InterventionType;
import kcbx.api.model.Poverty;
import kcbx.api.model.Student;
import kcbx.decision.DecisionBench;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * In-process decisions per second for a student with a full term of attendance, several groups
 * and interventions, profile helan, every rule area. Prints figures; asserts nothing about speed.
 * Run: ./mvnw -B test-compile surefire:test@benchmark -Dtest=InProcessBenchmark, or all of bench/run.sh
 */
@Tag("benchmark")
public class InProcessBenchmark {
    private static final int WARM_UP = 60_000;

    /** The same, as a plain java main (bench/run.sh), so that -Xmx and a flight recording apply to it. */
    public static void main(String[] args) {
        new InProcessBenchmark().decisionsPerSecond();
    }

    @Test
    void decisionsPerSecond() {
        RulesetSource source = RulesetSource.fromDirectory(Path.of("rules"));
        CompiledRuleset rules = new RulesetCompiler().compile(source);
        // the floor: the same pipeline (validation, facts, a pooled session, assembly) with no rules
        // at all, so the difference is what the rules themselves cost
        Map<String, byte[]> noRules = new TreeMap<>(source.files());
        noRules.keySet().removeIf(path -> path.endsWith(".drl") || path.endsWith(".csv"));
        CompiledRuleset empty = new RulesetCompiler().compile(new RulesetSource(noRules));
        DecisionRequest request = fullTerm();
        double[] full = measure("in-process helan", request, rules);
        double[] floor = measure("floor (empty rule set)", request, empty);
        System.out.printf("ratio helan/floor: %.2fx the floor's time per decision (p50 %.2fx)%n",
                floor[0] / full[0], full[1] / Math.max(1, floor[1]));
    }

    /** Warms up, then times single decisions on this thread: decisions/s, p50, p99 (us). */
    private static double[] measure(String label, DecisionRequest request, CompiledRuleset rules) {
        ProfileRules helan = rules.profile("helan").orElseThrow();
        // until the JIT has settled: Drools compiles constraints and consequences as they run, and
        // the throughput of a full-term helan student still climbs for about 40,000 decisions
        for (int i = 0; i < WARM_UP; i++) {
            DecisionBench.evaluate(request, rules.version(), helan);
        }
        int n = 50_000;
        long[] micros = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            DecisionBench.evaluate(request, rules.version(), helan);
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        double perSecond = n / seconds;
        System.out.printf("%s: %.0f decisions/s, p50 %d us, p99 %d us (%d decisions, one thread) [load %s]%n",
                label, perSecond, micros[n / 2], micros[(int) (n * 0.99)], n, load());
        return new double[] {perSecond, micros[n / 2]};
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static DecisionRequest fullTerm() {
        List<AttendanceRecord> attendance = new ArrayList<>();
        LocalDate asOf = LocalDate.of(2026, 1, 9);
        int k = 0;
        for (LocalDate d = LocalDate.of(2025, 9, 1); !d.isAfter(asOf); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            k++;
            AttendanceStatus s = d.isAfter(asOf.minusDays(7)) ? AttendanceStatus.ABSENT_UNEXCUSED
                    : k % 17 == 0 ? AttendanceStatus.ABSENT_EXCUSED : AttendanceStatus.PRESENT;
            attendance.add(new AttendanceRecord(d, s));
        }
        return new DecisionRequest(asOf, new Student("bench-1").schoolId("s1").grade(8).learningDifficulty(true)
                .birthDate(LocalDate.of(2012, 5, 1)))
                .profile("helan")
                .family(new Family().leftBehind(true).poverty(Poverty.REGISTERED_POOR).receivesAid(false)
                        .needsBoarding(true))
                .attendance(attendance)
                .interventions(List.of(new Intervention(LocalDate.of(2026, 1, 5), InterventionType.FAMILY_CONTACT)
                                .outcome(InterventionOutcome.DONE),
                        new Intervention(LocalDate.of(2025, 12, 10), InterventionType.HOME_VISIT)
                                .outcome(InterventionOutcome.DONE)));
    }
}
