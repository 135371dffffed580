package kcbx.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * A reconciliation's canonical text in the audit chain: its header as stored (the summary JSON
 * embedded verbatim) and {@code findingsDigest}, the SHA-256 over the text of every finding row
 * ({@code {"findingSeq":..,"sortKey":..,"code":..,"finding":"<finding_json>"}} and a newline) in
 * seq order. A county's 200,000 findings are hashed as they are written, with no second pass, and
 * the chained text stays a few hundred bytes. An export carries the findings after the
 * reconciliation's own line, one {@link #exportLine} each, so that {@link VerifyExport} computes
 * the digest again offline. Shared by the writer, the verifier and the offline check, like {@link ChainHash}.
 */
public final class ReconciliationContent {
    public static final String TYPE = "reconciliation";
    /** The key that marks an export line as a finding of the reconciliation it names. */
    static final String FINDING_OF = "findingOf";
    static final String DIGEST = "findingsDigest";
    static final String COUNT = "findingCount";

    private ReconciliationContent() {
    }

    public static String canonical(String reconciliationId, String profile, LocalDate asOf, String rulesetVersion,
                                   long createdAtMs, long findingCount, String summaryJson, String findingsDigest) {
        return canonical(reconciliationId, profile, asOf, rulesetVersion, createdAtMs, findingCount, summaryJson,
                findingsDigest, null);
    }

    /** With who ran it ({@link Actor}); null for reconciliations stored before that was recorded, whose text stays as chained. */
    public static String canonical(String reconciliationId, String profile, LocalDate asOf, String rulesetVersion,
                                   long createdAtMs, long findingCount, String summaryJson, String findingsDigest,
                                   String actedBy) {
        CanonicalJson text = new CanonicalJson()
                .put("v", 1)
                .put("type", TYPE)
                .put("reconciliationId", reconciliationId)
                .put("profile", profile)
                .put("asOf", asOf.toString())
                .put("rulesetVersion", rulesetVersion)
                .put("createdAtMs", createdAtMs)
                .put(COUNT, findingCount)
                .raw("summary", summaryJson)
                .put(DIGEST, findingsDigest);
        if (actedBy != null) {
            text.put("actedBy", actedBy);
        }
        return text.text();
    }

    /** A finding as an export line: its row's fields after the reconciliation's id. */
    public static String exportLine(String reconciliationId, long seq, long sortKey, String code, String findingJson) {
        return row(new CanonicalJson().put(FINDING_OF, reconciliationId), seq, sortKey, code, findingJson).text();
    }

    private static CanonicalJson row(CanonicalJson json, long seq, long sortKey, String code, String findingJson) {
        return json.put("findingSeq", seq).put("sortKey", sortKey).put("code", code).put("finding", findingJson);
    }

    /** The findings digest, fed one finding row at a time in seq order. */
    public static final class Digest {
        private final MessageDigest sha = ChainHash.newSha256();
        private long rows;

        public void add(long seq, long sortKey, String code, String findingJson) {
            String text = row(new CanonicalJson(), seq, sortKey, code, findingJson).text();
            sha.update((text + "\n").getBytes(StandardCharsets.UTF_8));
            rows++;
        }

        /** How many rows were added. */
        public long rows() {
            return rows;
        }

        /** The digest in hex; the digest is spent after this. */
        public String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
