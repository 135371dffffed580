package kcbx.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import kcbx.api.model.ActionCode;
import kcbx.api.model.LedgerAction;
import kcbx.api.model.Role;
import org.junit.jupiter.api.Test;

/** 逾期: which open actions are overdue as of a date, and which recorded interventions discharge one. */
class OverdueTest {
    private static final LocalDate ON_LEDGER = LocalDate.parse("2025-09-12");

    private static LedgerAction report() {
        return new LedgerAction(ActionCode.WRITTEN_REPORT, Role.SCHOOL, LocalDate.parse("2025-09-15"));
    }

    private static Map<String, Object> intervention(String date, String type, String outcome) {
        return outcome == null ? Map.of("date", date, "type", type) : Map.of("date", date, "type", type, "outcome", outcome);
    }

    @Test
    void pastItsDueDateWithNothingRecordedIsOverdueByTheDays() {
        LedgerAction a = Overdue.mark(report(), List.of(), ON_LEDGER, LocalDate.parse("2025-10-31"));
        assertTrue(a.getOverdue());
        assertEquals(46, a.getOverdueDays());
        assertNull(a.getDischargedOn());
        assertEquals("逾期46天", Overdue.text(List.of(a)));
    }

    @Test
    void onOrBeforeItsDueDateIsNotOverdue() {
        LedgerAction a = Overdue.mark(report(), List.of(), ON_LEDGER, LocalDate.parse("2025-09-15"));
        assertFalse(a.getOverdue());
        assertNull(a.getOverdueDays());
        assertEquals("", Overdue.text(List.of(a)));
    }

    @Test
    void aMatchingInterventionSinceTheStudentCameOntoTheLedgerDischargesItWhateverItsOutcome() {
        LedgerAction a = Overdue.mark(report(), List.of(intervention("2025-09-20", "WRITTEN_REPORT", "FAILED")), ON_LEDGER,
                LocalDate.parse("2025-10-31"));
        assertFalse(a.getOverdue(), "late, but done");
        assertEquals(LocalDate.parse("2025-09-20"), a.getDischargedOn());
        assertEquals("", ReportTables.planned(List.of(a)), "a discharged action is no longer planned");
    }

    @Test
    void anInterventionOfAnotherKindBeforeTheLedgerOrAfterTheDateAskedAboutDischargesNothing() {
        LocalDate asOf = LocalDate.parse("2025-10-31");
        List<Map<String, Object>> recorded = List.of(
                intervention("2025-09-20", "FAMILY_CONTACT", "DONE"),     // another kind
                intervention("2025-09-01", "WRITTEN_REPORT", "DONE"),     // an earlier episode
                intervention("2025-11-02", "WRITTEN_REPORT", "DONE"),     // after the date asked about
                intervention("not a date", "WRITTEN_REPORT", "DONE"),     // a hostile row edited behind the service's back
                Map.of("type", "WRITTEN_REPORT"));                        // no date at all
        LedgerAction a = Overdue.mark(report(), recorded, ON_LEDGER, asOf);
        assertTrue(a.getOverdue());
        assertEquals(46, a.getOverdueDays());
        assertNull(a.getDischargedOn());
    }

    @Test
    void anActionNoInterventionCarriesOutStaysOpenUntilADecisionDropsIt() {
        LedgerAction plan = new LedgerAction(ActionCode.INDIVIDUAL_PLAN, Role.SCHOOL, LocalDate.parse("2025-09-30"));
        LedgerAction a = Overdue.mark(plan, List.of(intervention("2025-09-20", "HOME_VISIT", "DONE")), ON_LEDGER,
                LocalDate.parse("2025-10-01"));
        assertTrue(a.getOverdue());
        assertEquals(1, a.getOverdueDays());
    }
}
