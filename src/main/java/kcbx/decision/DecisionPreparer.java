package kcbx.decision;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.store.DecisionText;
import kcbx.store.IndexFacts;
import kcbx.store.PreparedDecision;

/**
 * Makes the one prepared value a decision is recorded and answered from ({@link PreparedDecision}),
 * on the thread that decided it: the request JSON is the bytes the caller sent (only surrounding
 * whitespace dropped), the decision is serialised once to UTF-8 (its time left open), both are compressed
 * and the indexes' facts are read from the objects. Single decisions and batch items alike.
 */
@Singleton
public class DecisionPreparer {
    private final JsonMapper json;

    DecisionPreparer(JsonMapper json) {
        this.json = json;
    }

    /**
     * The prepared decision; {@code received} is the request's JSON as received (null when there
     * is none, e.g. a request made in the service: it is serialised then).
     */
    public PreparedDecision prepare(DecisionRequest request, byte[] received, Decision decision, String actor) {
        decision.setDecidedAt(DecisionText.PLACEHOLDER);
        String requestJson = received == null ? write(request) : trimmed(received);
        return PreparedDecision.of(decision.getDecisionId(), decision.getStudentId(), decision.getSchoolId(),
                decision.getProfile(), decision.getAsOf(), decision.getRulesetVersion(),
                decision.getRiskLevel().getValue(), requestJson, bytes(decision), IndexFacts.of(request, decision),
                actor);
    }

    /** The JSON text of bytes received, without a byte-order mark or whitespace around the value. */
    static String trimmed(byte[] received) {
        int from = 0;
        int to = received.length;
        if (to >= 3 && (received[0] & 0xff) == 0xef && (received[1] & 0xff) == 0xbb && (received[2] & 0xff) == 0xbf) {
            from = 3;
        }
        while (from < to && isSpace(received[from])) {
            from++;
        }
        while (to > from && isSpace(received[to - 1])) {
            to--;
        }
        return new String(received, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private String write(Object value) {
        return new String(bytes(value), StandardCharsets.UTF_8); // as writeValueAsString makes it
    }

    /** The value's JSON as the serialiser writes it, UTF-8, never made a Java string. */
    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
