package kcbx.decision;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import kcbx.api.model.AttendanceRecord;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Intervention;
import kcbx.api.model.InterventionOutcome;
import kcbx.api.model.Student;
import kcbx.calendar.SchoolCalendar;
import kcbx.calendar.Term;
import kcbx.facts.AbsenceStreak;
import kcbx.facts.DisabilityFact;
import kcbx.facts.EvaluationContext;
import kcbx.facts.FamilyCircumstances;
import kcbx.facts.FamilyFact;
import kcbx.facts.InterventionFact;
import kcbx.facts.NationalId;
import kcbx.facts.RegistryStatus;
import kcbx.facts.StudentCircumstances;
import kcbx.facts.StudentFact;
import kcbx.facts.TermAttendance;
import kcbx.facts.Warning;
import kcbx.engine.ProfileRules;

/**
 * Maps a validated request to the facts the rules match: the student without name or ID number,
 * the effective school calendar, the attendance of school days and the current absence streak,
 * plus warnings where the facts are too thin or contradict each other.
 */
final class FactMapper {
    /** School days without any record, up to asOf, after which the attendance is called stale. */
    private static final int STALE_AFTER_SCHOOL_DAYS = 5;

    private FactMapper() {
    }

    static List<Object> map(DecisionRequest request, ProfileRules profile) {
        LocalDate asOf = request.getAsOf();
        List<Object> facts = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        SchoolCalendar calendar = calendar(request, profile.calendar());
        if (!calendar.covers(asOf)) {
            warnings.add(new Warning("CALENDAR_NOT_COVERED", "asOf", "档案" + profile.definition().id()
                    + "的校历未覆盖" + asOf + "，仅按周末和已知节假日计算上学日；请在请求中提供calendar"));
        }
        facts.add(new EvaluationContext(asOf, profile.definition().id()));
        facts.add(calendar);
        facts.add(student(request.getStudent(), warnings));
        facts.add(family(request));
        facts.add(disability(request));
        attendance(request.getAttendance(), calendar, asOf, facts, warnings);
        if (request.getInterventions() != null) {
            for (Intervention v : request.getInterventions()) {
                if (!v.getDate().isAfter(asOf)) {
                    facts.add(new InterventionFact(v.getDate(), v.getType().getValue(),
                            Optional.ofNullable(v.getOutcome()).orElse(InterventionOutcome.DONE).getValue()));
                }
            }
        }
        facts.addAll(warnings);
        return facts;
    }

    private static SchoolCalendar calendar(DecisionRequest request, SchoolCalendar profileCalendar) {
        var c = request.getCalendar();
        if (c == null) {
            return profileCalendar;
        }
        return profileCalendar.overlay(c.getTermStart(), c.getTermEnd(),
                c.getHolidays() == null ? List.of() : c.getHolidays(),
                c.getWorkdays() == null ? List.of() : c.getWorkdays());
    }

    private static StudentFact student(Student s, List<Warning> warnings) {
        if (s.getNationalId() != null) {
            NationalId.parse(s.getNationalId()).ifPresent(id -> {
                if (s.getBirthDate() != null && !s.getBirthDate().equals(id.birthDate())) {
                    warnings.add(new Warning("NATIONAL_ID_BIRTHDATE_MISMATCH", "student.birthDate",
                            "出生日期与身份证号中的出生日期不一致，请核对学籍信息"));
                }
                if (s.getGender() != null && (s.getGender().getValue().equals("MALE") != id.male())) {
                    warnings.add(new Warning("NATIONAL_ID_GENDER_MISMATCH", "student.gender",
                            "性别与身份证号第17位不一致，请核对学籍信息"));
                }
            });
        }
        // the ID's birth date stands in when the school sent none (a mismatch was warned about above)
        LocalDate birthDate = s.getBirthDate() != null ? s.getBirthDate()
                : s.getNationalId() == null ? null
                : NationalId.parse(s.getNationalId()).map(NationalId::birthDate).orElse(null);
        RegistryStatus status = s.getRegistryStatus() == null
                ? RegistryStatus.ENROLLED
                : RegistryStatus.parse(s.getRegistryStatus()).orElseThrow();
        return new StudentFact(s.getId(), s.getSchoolId(), s.getGender() == null ? null : s.getGender().getValue(),
                birthDate, s.getGrade(), status, s.getTownship(), s.getVillage(),
                !Boolean.FALSE.equals(s.getHasHukou()), isTrue(s.getEthnicMinority()),
                isTrue(s.getLearningDifficulty()), s.getReturnedOn(), isTrue(s.getStudyingElsewhereConfirmed()),
                isTrue(s.getFoundWorking()), isTrue(s.getHealthDeferralRequested()),
                new StudentCircumstances(isTrue(s.getKeyArea()), isTrue(s.getVocationalTransferRequested()),
                        isTrue(s.getMakeUpClass()), s.getOtherLeaveReason()));
    }

    private static FamilyFact family(DecisionRequest request) {
        var f = request.getFamily();
        if (f == null) {
            return new FamilyFact(false, false, false, false, false, false, "NONE", "ADEQUATE", false, false, false,
                    FamilyCircumstances.NONE);
        }
        return new FamilyFact(isTrue(f.getLeftBehind()), isTrue(f.getOrphan()), isTrue(f.getDeFactoUnsupported()),
                isTrue(f.getDifficultCircumstances()), isTrue(f.getMigrant()), isTrue(f.getParentIncarcerated()),
                f.getPoverty() == null ? "NONE" : f.getPoverty().getValue(),
                f.getGuardianship() == null ? "ADEQUATE" : f.getGuardianship().getValue(),
                isTrue(f.getReceivesAid()), isTrue(f.getNeedsBoarding()), isTrue(f.getHasBoarding()),
                new FamilyCircumstances(isTrue(f.getParentDisabled()), isTrue(f.getWholeFamilyAway()),
                        isTrue(f.getMigrantFileKept()), isTrue(f.getNeedsTransport())));
    }

    private static DisabilityFact disability(DecisionRequest request) {
        var d = request.getDisability();
        if (d == null) {
            return new DisabilityFact(false, false, "NONE", false);
        }
        return new DisabilityFact(isTrue(d.getDisabled()), isTrue(d.getSevere()),
                d.getPlacement() == null ? "NONE" : d.getPlacement().getValue(), isTrue(d.getUnableToReceiveEducation()));
    }

    private static void attendance(List<AttendanceRecord> records, SchoolCalendar calendar, LocalDate asOf,
                                   List<Object> facts, List<Warning> warnings) {
        List<AttendanceRecord> days = new ArrayList<>(records == null ? 0 : records.size());
        int future = 0;
        if (records != null) {
            for (int i = 0; i < records.size(); i++) {
                AttendanceRecord r = records.get(i);
                if (r.getDate().isAfter(asOf)) {
                    future++;
                } else if (!calendar.isSchoolDay(r.getDate())) {
                    warnings.add(new Warning("ATTENDANCE_ON_NON_SCHOOL_DAY", "attendance[" + i + "].date",
                            r.getDate() + "按校历不是上学日，该记录未计入"));
                } else {
                    days.add(r);
                }
            }
        }
        if (future > 0) {
            warnings.add(new Warning("ATTENDANCE_AFTER_AS_OF", "attendance",
                    future + "条出勤记录晚于asOf（" + asOf + "），未计入"));
        }
        if (!inDateOrder(days)) { // school systems send a term in date order: the sort is then left out
            days.sort(Comparator.comparing(AttendanceRecord::getDate));
        }
        // the rules see attendance as the derived streak and term figures, not as a fact per day:
        // a term of days would be ninety more facts to match for every decision
        currentStreak(days, calendar).ifPresent(facts::add);
        termAttendance(days, calendar, asOf).ifPresent(facts::add);
        thinness(days, calendar, asOf, warnings);
    }

    private static Optional<TermAttendance> termAttendance(List<AttendanceRecord> days, SchoolCalendar calendar,
                                                           LocalDate asOf) {
        return calendar.termOn(asOf).map(term -> {
            List<LocalDate> schoolDays = calendar.schoolDays(term, asOf);
            // both lists in date order, the records on school days only: one walk pairs each school
            // day with its record (of several records of one day, the last, as a map would keep)
            String[] status = new String[schoolDays.size()];
            int i = 0;
            for (AttendanceRecord r : days) {
                LocalDate d = r.getDate();
                while (i < status.length && schoolDays.get(i).isBefore(d)) {
                    i++;
                }
                if (i == status.length) {
                    break;
                }
                if (schoolDays.get(i).equals(d)) {
                    status[i] = r.getStatus().getValue();
                }
            }
            return TermAttendance.ofStatuses(term.name(), term.start(), schoolDays, status);
        });
    }

    private static boolean inDateOrder(List<AttendanceRecord> days) {
        for (int i = 1; i < days.size(); i++) {
            if (days.get(i).getDate().isBefore(days.get(i - 1).getDate())) {
                return false;
            }
        }
        return true;
    }

    /** The unexcused run that ends at the latest record; see {@link AbsenceStreak}. */
    private static Optional<AbsenceStreak> currentStreak(List<AttendanceRecord> days, SchoolCalendar calendar) {
        List<LocalDate> run = new ArrayList<>();
        LocalDate expected = null;
        for (int i = days.size() - 1; i >= 0; i--) {
            AttendanceRecord r = days.get(i);
            boolean unexcused = r.getStatus().getValue().equals("ABSENT_UNEXCUSED");
            if (!unexcused || (expected != null && !r.getDate().equals(expected))) {
                break;
            }
            run.add(0, r.getDate());
            expected = calendar.previousSchoolDay(r.getDate());
        }
        return run.isEmpty() ? Optional.empty() : Optional.of(new AbsenceStreak(run));
    }

    private static void thinness(List<AttendanceRecord> days, SchoolCalendar calendar, LocalDate asOf,
                                 List<Warning> warnings) {
        Optional<Term> term = calendar.termOn(asOf);
        if (term.isEmpty() || !calendar.isSchoolDay(term.get().start()) && calendar.schoolDaysBetween(term.get().start(), asOf) == 0) {
            return;
        }
        LocalDate start = term.get().start();
        // days are in date order: the term has records when the latest one is in it
        if (days.isEmpty() || days.get(days.size() - 1).getDate().isBefore(start)) {
            warnings.add(new Warning("NO_ATTENDANCE_IN_TERM", "attendance", "本学期（" + start + "起）至" + asOf
                    + "没有任何出勤记录，无法判断是否缺勤；该生不应被视为正常在校"));
            return;
        }
        LocalDate last = days.get(days.size() - 1).getDate();
        int gap = calendar.schoolDaysBetween(last, asOf);
        if (gap > STALE_AFTER_SCHOOL_DAYS) {
            warnings.add(new Warning("ATTENDANCE_NOT_CURRENT", "attendance", "最近一次出勤记录为" + last + "，此后至"
                    + asOf + "有" + gap + "个上学日没有记录"));
        }
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
