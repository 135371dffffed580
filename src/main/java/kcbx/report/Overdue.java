package kcbx.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kcbx.api.model.LedgerAction;

/**
 * 逾期: an open action whose due date is before the date asked about and that no recorded
 * intervention discharges. An intervention discharges an action when it is of a kind that carries
 * the action out (below), is dated on or after the day the student came onto the ledger (an earlier
 * contact belongs to an earlier episode) and on or before the date asked about. Its outcome does
 * not matter: a persuasion that failed was still carried out, and the rules escalate from there.
 * Actions no intervention kind carries out (referrals, plans, files) are discharged only by a later
 * decision that no longer lists them.
 */
final class Overdue {
    static final Map<String, Set<String>> DISCHARGED_BY = Map.ofEntries(
            Map.entry("CONTACT_FAMILY", Set.of("FAMILY_CONTACT", "HOME_VISIT")),
            Map.entry("MONTHLY_HOME_VISIT", Set.of("HOME_VISIT")),
            Map.entry("HOME_TEACHING_VISIT", Set.of("HOME_TEACHING_VISIT")),
            Map.entry("TOWNSHIP_HOME_VERIFICATION", Set.of("TOWNSHIP_VERIFICATION")),
            Map.entry("JOINT_HOME_PERSUASION", Set.of("PERSUASION")),
            Map.entry("RECORD_PERSUASION", Set.of("PERSUASION")),
            Map.entry("OUT_OF_SCHOOL_PERSUASION", Set.of("PERSUASION")),
            Map.entry("NOTIFY_TOWNSHIP", Set.of("WRITTEN_REPORT")),
            Map.entry("WRITTEN_REPORT", Set.of("WRITTEN_REPORT")),
            Map.entry("ORDER_GUARDIAN_CORRECTION", Set.of("GUARDIAN_ORDER")));

    private Overdue() {
    }

    /** Marks the action discharged or overdue as of asOf; interventions are the latest decision's. */
    static LedgerAction mark(LedgerAction a, List<Map<String, Object>> interventions, LocalDate openedOn, LocalDate asOf) {
        LocalDate discharged = dischargedOn(a.getCode().getValue(), interventions, openedOn, asOf);
        a.dischargedOn(discharged);
        boolean overdue = discharged == null && a.getDueDate().isBefore(asOf);
        a.overdue(overdue);
        a.overdueDays(overdue ? (int) ChronoUnit.DAYS.between(a.getDueDate(), asOf) : null);
        return a;
    }

    private static LocalDate dischargedOn(String code, List<Map<String, Object>> interventions, LocalDate openedOn,
                                          LocalDate asOf) {
        Set<String> kinds = DISCHARGED_BY.getOrDefault(code, Set.of());
        LocalDate first = null;
        for (Map<String, Object> i : interventions) {
            if (!(i.get("type") instanceof String type) || !kinds.contains(type) || !(i.get("date") instanceof String d)) {
                continue;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(d);
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            if (!date.isBefore(openedOn) && !date.isAfter(asOf) && (first == null || date.isBefore(first))) {
                first = date;
            }
        }
        return first;
    }

    /** 逾期N天 for the longest-overdue action, or "" when none is. */
    static String text(List<LedgerAction> actions) {
        return actions.stream().filter(a -> Boolean.TRUE.equals(a.getOverdue())).mapToInt(LedgerAction::getOverdueDays)
                .max().stream().mapToObj(d -> "逾期" + d + "天").findFirst().orElse("");
    }
}
