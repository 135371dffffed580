package kcbx.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.LocalDate;

/**
 * One stored decision: the facts as received, the decision as returned, the rule set version and
 * asOf that made it. Times are epoch milliseconds, which survive MariaDB's dropped fractional
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
        @MappedProperty("decision_json") String decisionJson) {
}
