package kcbx.decision;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import kcbx.api.model.Decision;

/**
 * A decision's JSON made before its recording time is known, so that the work done under the
 * chain lock is only putting the time in. The decision is serialised once with a placeholder
 * time; {@link #at} sets the real time on the decision and writes it in place of the placeholder,
 * exactly as serialising the stamped decision would (DecisionApiTest compares the two).
 */
final class StampedDecision {
    /** A time no decision is recorded at: the start of the epoch, as the serialiser writes it. */
    private static final ZonedDateTime PLACEHOLDER = ZonedDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);

    private final Decision decision;
    private final JsonMapper json;
    private final String before;
    private final String after;
    private String text;

    StampedDecision(Decision decision, JsonMapper json) {
        this.decision = decision;
        this.json = json;
        decision.setDecidedAt(PLACEHOLDER);
        String text = write(decision);
        String marker = "\"decidedAt\":" + write(PLACEHOLDER);
        int at = text.indexOf(marker);
        int again = at < 0 ? -1 : text.indexOf(marker, at + marker.length());
        if (at < 0 || again >= 0) {
            throw new IllegalStateException("the decision's decidedAt is not written once as expected");
        }
        this.before = text.substring(0, at) + "\"decidedAt\":";
        this.after = text.substring(at + marker.length());
    }

    /** Stamps the decision with its recording time and returns its JSON. */
    String at(long decidedAtMs) {
        ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(decidedAtMs), ZoneOffset.UTC);
        decision.setDecidedAt(time);
        text = before + write(time) + after;
        return text;
    }

    /** The JSON of the stamped decision, as {@link #at} last made it (null before). */
    String text() {
        return text;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
