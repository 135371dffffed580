package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import kcbx.api.model.Action;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Disability;
import kcbx.api.model.Family;
import kcbx.api.model.Guardianship;
import kcbx.api.model.Intervention;
import kcbx.api.model.InterventionOutcome;
import kcbx.api.model.InterventionType;
import kcbx.api.model.Placement;
import kcbx.api.model.Poverty;
import kcbx.api.model.Student;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fairness as a property: for many generated students, switching group attributes (poverty,
 * ethnicity, hukou, left-behind, migrant, disability, guardianship, ...) on or off never changes
 * the coercive actions, in any profile. Coercion may follow only from attendance and persuasion.
 */
class FairnessPropertyTest {
    private static final Set<String> COERCIVE = Set.of("WRITTEN_REPORT", "ORDER_GUARDIAN_CORRECTION", "ISSUE_LEGAL_DOCUMENT");
    private static final int STUDENTS = 250;
    private static CompiledRuleset rules;

    @BeforeAll
    static void compile() {
        rules = new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules")));
    }

    @Test
    void groupMembershipNeverChangesCoerciveActions() {
        Random random = new Random(20251123L);
        int withCoercion = 0;
        int comparisons = 0;
        for (int i = 0; i < STUDENTS; i++) {
            long seed = random.nextLong();
            DecisionRequest plain = student(new Random(seed), i);
            for (ProfileRules profile : rules.profiles().values()) {
                Set<String> base = coercive(decide(plain, profile));
                if (!base.isEmpty()) {
                    withCoercion++;
                }
                for (int variant = 0; variant < 3; variant++) {
                    DecisionRequest grouped = student(new Random(seed), i);
                    withGroups(grouped, new Random(seed * 31 + variant));
                    assertEquals(base, coercive(decide(grouped, profile)),
                            () -> "profile " + profile.definition().id() + ", student " + grouped.getStudent().getId()
                                    + ": group attributes changed the coercive actions");
                    comparisons++;
                }
            }
        }
        assertTrue(withCoercion > 50, "the generator must produce students with coercive actions; got " + withCoercion);
        assertTrue(comparisons >= STUDENTS * 3 * 6);
    }

    private static Decision decide(DecisionRequest request, ProfileRules profile) {
        return DecisionService.evaluate(request, rules.version(), profile, "property", Instant.EPOCH);
    }

    private static Set<String> coercive(Decision d) {
        Set<String> out = new TreeSet<>();
        for (Action a : d.getActions()) {
            if (COERCIVE.contains(a.getCode().getValue())) {
                out.add(a.getCode().getValue() + "/" + a.getResponsible().getValue() + "/" + a.getDueDate());
            }
        }
        return out;
    }

    /** Attendance and interventions only: a streak of some length, and a persuasion history. */
    private static DecisionRequest student(Random r, int n) {
        LocalDate asOf = LocalDate.of(2025, 10, 20).plusDays(r.nextInt(40));
        List<AttendanceRecord> attendance = new ArrayList<>();
        LocalDate streakStart = asOf.minusDays(r.nextInt(30));
        for (LocalDate d = LocalDate.of(2025, 9, 1); !d.isAfter(asOf); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            AttendanceStatus status = !d.isBefore(streakStart) ? AttendanceStatus.ABSENT_UNEXCUSED
                    : r.nextInt(12) == 0 ? AttendanceStatus.ABSENT_EXCUSED : AttendanceStatus.PRESENT;
            attendance.add(new AttendanceRecord(d, status));
        }
        List<Intervention> interventions = new ArrayList<>();
        InterventionType[] types = {InterventionType.PERSUASION, InterventionType.HOME_VISIT,
                InterventionType.WRITTEN_REPORT, InterventionType.GUARDIAN_ORDER, InterventionType.FAMILY_CONTACT};
        InterventionOutcome[] outcomes = InterventionOutcome.values();
        int count = r.nextInt(5);
        for (int k = 0; k < count; k++) {
            LocalDate date = streakStart.plusDays(r.nextInt(Math.max(1, (int) (asOf.toEpochDay() - streakStart.toEpochDay()) + 1)));
            interventions.add(new Intervention(date, types[r.nextInt(types.length)]).outcome(outcomes[r.nextInt(outcomes.length)]));
        }
        Student s = new Student("prop-" + n).schoolId("school-prop").grade(1 + r.nextInt(6));
        return new DecisionRequest(asOf, s).attendance(attendance).interventions(interventions);
    }

    /** Switches a random set of group attributes on; attendance and interventions stay as they were. */
    private static void withGroups(DecisionRequest request, Random r) {
        Poverty[] poverty = Poverty.values();
        Guardianship[] guardianship = Guardianship.values();
        request.family(new Family().leftBehind(r.nextBoolean()).orphan(r.nextBoolean())
                .deFactoUnsupported(r.nextBoolean()).difficultCircumstances(r.nextBoolean()).migrant(r.nextBoolean())
                .parentIncarcerated(r.nextBoolean()).poverty(poverty[r.nextInt(poverty.length)])
                .guardianship(guardianship[r.nextInt(guardianship.length)]).receivesAid(r.nextBoolean())
                .needsBoarding(r.nextBoolean()).hasBoarding(r.nextBoolean()));
        request.disability(new Disability().disabled(r.nextBoolean()).severe(r.nextBoolean())
                .placement(Placement.values()[r.nextInt(Placement.values().length)]));
        Student s = request.getStudent();
        s.ethnicMinority(r.nextBoolean()).hasHukou(r.nextBoolean()).learningDifficulty(r.nextBoolean())
                .grade(1 + r.nextInt(9));
    }
}
