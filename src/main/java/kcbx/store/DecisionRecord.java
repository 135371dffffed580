package kcbx.store;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.LocalDate;

/**
 * One stored decision: the facts as received, the decision as returned, the rule set version and
 * asOf that made it, and who asked for it (actedBy, see {@link Actor}; null for rows stored before
 * it was recorded). Times are epoch milliseconds, which survive MariaDB's dropped fractional
 * seconds unchanged. Rows are only ever inserted.
 */
@MappedEntity("decision_record")
public record DecisionRecord(
        @Id @GeneratedValue Long id,
        @MappedProperty("decision_id") String decisionId,
        @MappedProperty("student_id") String studentId,
        @MappedProperty("school_id") @Nullable String schoolId, // a request may name no school
        String profile,
        @MappedProperty("as_of") LocalDate asOf,
        @MappedProperty("ruleset_version") String rulesetVersion,
        @MappedProperty("risk_level") String riskLevel,
        @MappedProperty("decided_at_ms") long decidedAtMs,
        @MappedProperty("request_json") String requestJson,
        @MappedProperty("decision_json") String decisionJson,
        @MappedProperty("acted_by") @Nullable String actedBy) {

    @Creator
    public DecisionRecord {
    }

    /** A row without its actor (filled in by {@link DecisionStore} with the caller's identity). */
    public DecisionRecord(Long id, String decisionId, String studentId, String schoolId, String profile, LocalDate asOf,
                          String rulesetVersion, String riskLevel, long decidedAtMs, String requestJson,
                          String decisionJson) {
        this(id, decisionId, studentId, schoolId, profile, asOf, rulesetVersion, riskLevel, decidedAtMs, requestJson,
                decisionJson, null);
    }

    /** The same row with its generated id. */
    DecisionRecord withId(long id) {
        return new DecisionRecord(id, decisionId, studentId, schoolId, profile, asOf, rulesetVersion, riskLevel,
                decidedAtMs, requestJson, decisionJson, actedBy);
    }
}
