package kcbx.facts;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;

/**
 * The date a reconciliation is made for, and the two age cutoffs of the seeds (截止当年8月31日年满
 * 六周岁, zhongyang 二(一), baiyin 二(一)) worked out from the profile's parameters:
 * {@code eligibleCutoff} decides who must be in school now (31 August of the year the current
 * school year began), {@code cohortCutoff} who enters at the next start (31 August of the asOf
 * year). Before the school year starts the two differ by a year: the children between them are
 * the new cohort that needs an enrollment notice. Rules read dates here, never the clock.
 */
public final class ReconciliationContext {
    private final LocalDate asOf;
    private final String profile;
    private final LocalDate eligibleCutoff;
    private final LocalDate cohortCutoff;

    public ReconciliationContext(LocalDate asOf, String profile, Parameters parameters) {
        this.asOf = asOf;
        this.profile = profile;
        LocalDate yearStart = inAsOfYear(parameters.text("reconciliation.schoolYearStart"));
        this.cohortCutoff = inAsOfYear(parameters.text("reconciliation.ageCutoff"));
        this.eligibleCutoff = asOf.isBefore(yearStart) ? cohortCutoff.minusYears(1) : cohortCutoff;
    }

    /**
     * The cutoff that decides who must be in school on {@code asOf} (31 August of the year the
     * current school year began), for a single decision that has no reconciliation context.
     */
    public static LocalDate eligibleCutoffOn(LocalDate asOf, Parameters parameters) {
        return new ReconciliationContext(asOf, "", parameters).getEligibleCutoff();
    }

    /** The cutoff that decides who enters at the next school-year start (31 August of the asOf year). */
    public static LocalDate cohortCutoffOn(LocalDate asOf, Parameters parameters) {
        return new ReconciliationContext(asOf, "", parameters).getCohortCutoff();
    }

    /** "06-30" in the asOf year; 02-29 in a common year is 28 February. */
    public LocalDate inAsOfYear(String monthDay) {
        try {
            return MonthDay.parse("--" + monthDay).atYear(asOf.getYear());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("A month-day parameter must be written MM-DD, not " + monthDay);
        }
    }

    /** "06-30" as a reason says it: 6月30日. */
    public static String monthDayLabel(String monthDay) {
        MonthDay md = MonthDay.parse("--" + monthDay);
        return md.getMonthValue() + "月" + md.getDayOfMonth() + "日";
    }

    /** A deadline already passed on asOf is due at once: asOf. */
    public LocalDate notBeforeAsOf(LocalDate date) {
        return date.isBefore(asOf) ? asOf : date;
    }

    public LocalDate plusDays(int days) {
        return asOf.plusDays(days);
    }

    public LocalDate getAsOf() { return asOf; }
    public String getProfile() { return profile; }
    public LocalDate getEligibleCutoff() { return eligibleCutoff; }
    public LocalDate getCohortCutoff() { return cohortCutoff; }
}
