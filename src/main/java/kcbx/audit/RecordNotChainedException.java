package kcbx.audit;

/**
 * A stored decision the audit chain does not vouch for (written or changed around the service):
 * it is not served as if it were recorded. The HTTP edge answers 409 record_not_chained.
 */
public class RecordNotChainedException extends RuntimeException {
    private final String decisionId;

    public RecordNotChainedException(String decisionId) {
        super("Decision " + decisionId + " is stored but is not in the audit chain or no longer matches the hash it"
                + " was chained with, so it is not served; GET /v1/audit/verify names it.");
        this.decisionId = decisionId;
    }

    public String decisionId() {
        return decisionId;
    }
}
