package kcbx.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * For {@link VerifyExport}: the finding lines that must follow a reconciliation's line in an
 * export, checked one by one (its id, seq 0, 1, 2, ... and nothing else on the line) and, once
 * all its findingCount have come, against the findingsDigest its content commits to. The content
 * itself was already checked against its contentHash, so the digest is the chain's word.
 */
final class ExportedFindings {
    private static final Set<String> KEYS =
            Set.of(ReconciliationContent.FINDING_OF, "findingSeq", "sortKey", "code", "finding");

    private final String reconciliationId;
    private final long count;
    private final String digest;
    private final ReconciliationContent.Digest seen = new ReconciliationContent.Digest();

    private ExportedFindings(String reconciliationId, long count, String digest) {
        this.reconciliationId = reconciliationId;
        this.count = count;
        this.digest = digest;
    }

    /** What a reconciliation's content announces; null when it names no findingCount and findingsDigest. */
    static ExportedFindings announcedBy(JsonFactory json, String reconciliationId, String content) {
        Long count = null;
        String digest = null;
        try (JsonParser p = json.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (ReconciliationContent.COUNT.equals(key) && v == JsonToken.VALUE_NUMBER_INT) {
                    count = p.getLongValue();
                } else if (ReconciliationContent.DIGEST.equals(key) && v == JsonToken.VALUE_STRING) {
                    digest = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null; // not JSON: the caller says the content names no digest
        }
        return count == null || count < 0 || digest == null ? null : new ExportedFindings(reconciliationId, count, digest);
    }

    static boolean isFinding(Map<String, Object> line) {
        return line.containsKey(ReconciliationContent.FINDING_OF);
    }

    boolean complete() {
        return seen.rows() == count;
    }

    /** Null when the line is the next finding of this reconciliation. */
    String add(Map<String, Object> line) {
        if (!reconciliationId.equals(line.get(ReconciliationContent.FINDING_OF))) {
            return "is a finding of another record than the reconciliation before it";
        }
        if (!line.keySet().equals(KEYS) || !(line.get("findingSeq") instanceof Long seq)
                || !(line.get("sortKey") instanceof Long sortKey) || !(line.get("code") instanceof String code)
                || !(line.get("finding") instanceof String finding)) {
            return "is not a finding line (findingOf, findingSeq, sortKey, code, finding)";
        }
        if (seq != seen.rows()) {
            return "has findingSeq " + seq + " where " + seen.rows() + " follows: a finding is missing or moved";
        }
        seen.add(seq, sortKey, code, finding);
        return null;
    }

    /** Null when the findings, all come, match the digest; call once, when complete. */
    String finish() {
        return seen.hex().equals(digest) ? null
                : "ends the findings of reconciliation " + reconciliationId + ", which do not match its findingsDigest";
    }

    /** Why the end of the export cannot come yet. */
    String cutShort() {
        return "is missing: the export ends before finding " + seen.rows() + " of reconciliation " + reconciliationId
                + " (of " + count + "), so it was cut short";
    }

    /** Why a line that is not the next finding cannot come yet. */
    String missing() {
        return "comes where finding " + seen.rows() + " of reconciliation " + reconciliationId + " (of " + count
                + ") was expected: findings are missing";
    }
}
