package kcbx.store;

import java.time.LocalDate;
import kcbx.system.StoredJson;

/**
 * One decision made ready to record, once, before any lock: its columns, the request JSON as it
 * is stored and chained, the decision's JSON with its time left open ({@link DecisionText}), both
 * compressed as stored, what the indexes kept beside it read ({@link IndexFacts}) and who asked.
 * Single decisions and batches record the same value; under the chain lock only the time is put
 * in, the rows are inserted and the record is hashed into the chain.
 */
public record PreparedDecision(String decisionId, String studentId, String schoolId, String profile, LocalDate asOf,
                               String rulesetVersion, String riskLevel, String requestJson, byte[] requestZ,
                               DecisionText decision, byte[] decisionZ, IndexFacts index, String actor) {

    /**
     * Prepares a decision: {@code decisionWithPlaceholder} is the decision serialised once, UTF-8,
     * with {@link DecisionText#PLACEHOLDER} as its time (the array is kept, not copied); the
     * compression is done here, on the caller's thread.
     */
    public static PreparedDecision of(String decisionId, String studentId, String schoolId, String profile,
                                      LocalDate asOf, String rulesetVersion, String riskLevel, String requestJson,
                                      byte[] decisionWithPlaceholder, IndexFacts index, String actor) {
        DecisionText text = DecisionText.of(decisionWithPlaceholder);
        return new PreparedDecision(decisionId, studentId, schoolId, profile, asOf, rulesetVersion, riskLevel,
                requestJson, StoredJson.compressRequest(requestJson), text, StoredJson.compressDecision(text.storedUtf8()),
                index, actor);
    }
}
