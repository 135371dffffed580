package kcbx.report;

import java.time.LocalDate;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import kcbx.store.DecisionRecord;
import kcbx.store.IndexFacts;

/**
 * The report index rows one stored decision yields: its report_decision row and, for each ledger it
 * lists, a decision_ledger row with the same key and place. {@link #of} is the only place these
 * rows are computed, so the index written with a decision, the start-up backfill and any check of
 * the stored rows against the chained decisions all derive them the same way.
 *
 * <p>A student is (schoolKey, studentId): a student id is the school system's own, and another
 * school may use the same id for another child (docs/scoping.md). A decision that names no school
 * (only a credential for every school may send one) has the school key {@link #NO_SCHOOL}, so the
 * key column is never NULL and "the same student" is plain equality in SQL.
 */
public record ReportIndexRows(long decisionPk, String schoolKey, String studentId, String township, LocalDate asOf,
                              String standing, SortedSet<String> ledgers) {
    /** The school key of a decision that names no school. */
    public static final String NO_SCHOOL = "";

    public ReportIndexRows {
        ledgers = Collections.unmodifiableSortedSet(new TreeSet<>(ledgers));
    }

    /** The rows of the stored decision with primary key {@code decisionPk}. */
    public static ReportIndexRows of(long decisionPk, DecisionRecord r) {
        return of(decisionPk, r.schoolId(), r.studentId(), r.asOf(), IndexFacts.parse(r.requestJson(), r.decisionJson()));
    }

    /** The rows of a decision, from its columns and what its request and decision say ({@link IndexFacts}). */
    public static ReportIndexRows of(long decisionPk, String schoolId, String studentId, LocalDate asOf, IndexFacts facts) {
        return new ReportIndexRows(decisionPk, schoolKey(schoolId), studentId, facts.township(), asOf,
                StoredDecision.standing(facts.flagCodes(), facts.registryStatus()), facts.ledgers());
    }

    /** The school key of a decision's school id (null when it names none). */
    public static String schoolKey(String schoolId) {
        return schoolId == null ? NO_SCHOOL : schoolId;
    }
}
