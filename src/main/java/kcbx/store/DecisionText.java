package kcbx.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A decision's JSON text with its recording time left open. The decision is serialised once,
 * before the chain lock, with {@link #PLACEHOLDER} as its {@code decidedAt}; under the lock only
 * the time is put in ({@link #utf8At}). The stored form (since V20) is that text with the placeholder,
 * compressed: the time is the row's decided_at_ms, put in again on reading ({@link #fill}), so it
 * is stored once and the decision reads back byte for byte as it was answered.
 *
 * <p>Held as the serialiser's UTF-8 bytes: the text is compressed, hashed into the chain and
 * answered as bytes, so it is never decoded to a Java string and encoded again on the write path.
 * The marker is ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so finding it among the
 * bytes finds it in the text.
 */
public final class DecisionText {
    /** The time of the placeholder: the start of the epoch, at which no decision is recorded. */
    public static final ZonedDateTime PLACEHOLDER = time(0);
    /** How the time is written, as the JSON serialiser writes a ZonedDateTime (DecisionTextTest holds them equal). */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String KEY = "\"decidedAt\":";
    private static final String MARKER = KEY + "\"" + FORMAT.format(PLACEHOLDER) + "\"";
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

    /** The stored text (the placeholder in it), UTF-8; never changed. */
    private final byte[] stored;
    /** Where the placeholder's quoted time begins (just after the key) and where the text goes on after it. */
    private final int time;
    private final int rest;

    private DecisionText(byte[] stored, int marker) {
        this.stored = stored;
        this.time = marker + KEY.length();
        this.rest = marker + MARKER_BYTES.length;
    }

    /**
     * The text of a decision serialised with the placeholder time, UTF-8, which it keeps (the caller
     * hands the bytes over and does not change them afterwards); refused unless the marker occurs
     * exactly once.
     */
    public static DecisionText of(byte[] withPlaceholder) {
        // read as ISO-8859-1, a char a byte at the same place (the marker is ASCII), so the JDK's
        // vectorised string search scans the 15 KB, not a loop stopping at every quote (that loop
        // was 2.3 % of a batch's CPU, 2026-12-05)
        String bytes = new String(withPlaceholder, StandardCharsets.ISO_8859_1);
        int at = bytes.indexOf(MARKER);
        if (at < 0 || bytes.indexOf(MARKER, at + MARKER_BYTES.length) >= 0) {
            throw new IllegalArgumentException("the decision's decidedAt is not written once as the placeholder");
        }
        return new DecisionText(withPlaceholder, at);
    }

    /** The decision's text as recorded at this time, UTF-8: what is answered and chained. */
    public byte[] utf8At(long decidedAtMs) {
        byte[] t = ('"' + FORMAT.format(time(decidedAtMs)) + '"').getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[time + t.length + stored.length - rest];
        System.arraycopy(stored, 0, out, 0, time);
        System.arraycopy(t, 0, out, time, t.length);
        System.arraycopy(stored, rest, out, time + t.length, stored.length - rest);
        return out;
    }

    /** The decision's text as recorded at this time. */
    public String at(long decidedAtMs) {
        return new String(utf8At(decidedAtMs), StandardCharsets.UTF_8);
    }

    /** The text with the placeholder, UTF-8: what is stored (compressed). Not to be changed. */
    public byte[] storedUtf8() {
        return stored;
    }

    /** The text with the placeholder: what is stored. */
    public String stored() {
        return new String(stored, StandardCharsets.UTF_8);
    }

    /** The stored text (with the placeholder) filled with the row's time; a text without the marker once is returned as it is, so a row changed around the service reads, and fails its chain check, rather than breaking the reader. */
    public static String fill(String stored, long decidedAtMs) {
        int at = stored.indexOf(MARKER);
        if (at < 0 || stored.indexOf(MARKER, at + MARKER.length()) >= 0) {
            return stored;
        }
        return stored.substring(0, at + KEY.length()) + '"' + FORMAT.format(time(decidedAtMs)) + '"'
                + stored.substring(at + MARKER.length());
    }

    /** A recording time as the decision carries it: UTC. */
    public static ZonedDateTime time(long epochMs) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
