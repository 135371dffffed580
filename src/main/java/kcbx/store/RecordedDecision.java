package kcbx.store;

import java.nio.charset.StandardCharsets;

/**
 * A decision just recorded: its row's id, its decision id, the time the chain gave it and the
 * decision's JSON as it was chained and is answered, UTF-8 (written to the caller as it is, never
 * serialised again).
 */
public record RecordedDecision(long id, String decisionId, long decidedAtMs, byte[] decisionUtf8) {
    /** The decision's JSON text. */
    public String decisionJson() {
        return new String(decisionUtf8, StandardCharsets.UTF_8);
    }
}
