package kcbx.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A signed statement of one audit chain's head: "at writtenAtMs the chain ended at seq with this
 * chain hash, its last record recorded at headRecordedAtMs". Written outside the database (see
 * {@link CheckpointSink}), so whoever can rewrite the database cannot rewrite what was signed:
 * a chain that was cut back or rewritten after a checkpoint no longer holds its seq and hash.
 * One JSON line each; the signature is Ed25519 over {@link #signedText}.
 *
 * <p>{@code chain} names the chain ({@link AuditChains}); it is null only in lines written before
 * chains were per county, which are of the one chain {@link AuditChains#LEGACY} and whose signed
 * text (v1) has no chain in it, so they still verify.
 */
public record Checkpoint(String chain, long seq, String headHash, long headRecordedAtMs, long writtenAtMs,
                         String instance, String signature) {
    private static final String V1 = "kcbx-audit-checkpoint-v1";
    private static final String V2 = "kcbx-audit-checkpoint-v2";
    private static final JsonFactory JSON = new JsonFactory();

    /** The chain this checkpoint is of. */
    public String chainName() {
        return chain == null ? AuditChains.LEGACY : chain;
    }

    /** The bytes the signature covers: every field but the signature, in a fixed order. */
    public byte[] signedText() {
        String fields = seq + "|" + headHash + "|" + headRecordedAtMs + "|" + writtenAtMs + "|" + instance;
        return (chain == null ? V1 + "|" + fields : V2 + "|" + chain + "|" + fields).getBytes(StandardCharsets.UTF_8);
    }

    Checkpoint signed(String signature) {
        return new Checkpoint(chain, seq, headHash, headRecordedAtMs, writtenAtMs, instance, signature);
    }

    /** The checkpoint as one line of a checkpoints file (no newline). */
    public String line() {
        CanonicalJson json = new CanonicalJson();
        if (chain != null) {
            json.put("chain", chain);
        }
        return json
                .put("seq", seq)
                .put("headHash", headHash)
                .put("headRecordedAtMs", headRecordedAtMs)
                .put("writtenAtMs", writtenAtMs)
                .put("instance", instance)
                .put("signature", signature)
                .text();
    }

    /** A line written by {@link #line}; throws when it is not one. */
    public static Checkpoint parse(String line) throws IOException {
        Map<String, Object> f = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                f.put(key, v == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                        : v == JsonToken.VALUE_STRING ? p.getText() : null);
            }
        }
        if (!(f.get("seq") instanceof Long seq) || !(f.get("headHash") instanceof String hash)
                || !(f.get("headRecordedAtMs") instanceof Long recordedAt) || !(f.get("writtenAtMs") instanceof Long at)
                || !(f.get("instance") instanceof String instance) || !(f.get("signature") instanceof String sig)) {
            throw new IOException("not a checkpoint (seq, headHash, headRecordedAtMs, writtenAtMs, instance, signature)");
        }
        if (f.containsKey("chain") && !(f.get("chain") instanceof String)) {
            throw new IOException("its chain is not a name");
        }
        return new Checkpoint((String) f.get("chain"), seq, hash, recordedAt, at, instance, sig);
    }
}
