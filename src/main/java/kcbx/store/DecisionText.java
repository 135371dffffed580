package kcbx.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A decision's JSON text with its recording time left open. The decision is serialised once,
 * before the chain lock, with {@link #PLACEHOLDER} as its {@code decidedAt}; under the lock only
 * the time is put in ({@link #at}). The stored form (since V20) is that text with the placeholder,
 * compressed: the time is the row's decided_at_ms, put in again on reading ({@link #fill}), so it
 * is stored once and the decision reads back byte for byte as it was answered.
 */
public final class DecisionText {
    /** The time of the placeholder: the start of the epoch, at which no decision is recorded. */
    public static final ZonedDateTime PLACEHOLDER = time(0);
    /** How the time is written, as the JSON serialiser writes a ZonedDateTime (DecisionTextTest holds them equal). */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String KEY = "\"decidedAt\":";
    private static final String MARKER = KEY + "\"" + FORMAT.format(PLACEHOLDER) + "\"";

    private final String before;
    private final String after;

    private DecisionText(String before, String after) {
        this.before = before;
        this.after = after;
    }

    /** The text of a decision serialised with the placeholder time; refused unless the marker occurs exactly once. */
    public static DecisionText of(String withPlaceholder) {
        int at = withPlaceholder.indexOf(MARKER);
        if (at < 0 || withPlaceholder.indexOf(MARKER, at + MARKER.length()) >= 0) {
            throw new IllegalArgumentException("the decision's decidedAt is not written once as the placeholder");
        }
        return new DecisionText(withPlaceholder.substring(0, at + KEY.length()),
                withPlaceholder.substring(at + MARKER.length()));
    }

    /** The decision's text as recorded at this time. */
    public String at(long decidedAtMs) {
        return before + '"' + FORMAT.format(time(decidedAtMs)) + '"' + after;
    }

    /** The text with the placeholder: what is stored. */
    public String stored() {
        return before + MARKER.substring(KEY.length()) + after;
    }

    /** The stored text (with the placeholder) filled with the row's time; a text without the marker once is returned as it is, so a row changed around the service reads, and fails its chain check, rather than breaking the reader. */
    public static String fill(String stored, long decidedAtMs) {
        int at = stored.indexOf(MARKER);
        if (at < 0 || stored.indexOf(MARKER, at + MARKER.length()) >= 0) {
            return stored;
        }
        return new DecisionText(stored.substring(0, at + KEY.length()), stored.substring(at + MARKER.length()))
                .at(decidedAtMs);
    }

    /** A recording time as the decision carries it: UTC. */
    public static ZonedDateTime time(long epochMs) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
