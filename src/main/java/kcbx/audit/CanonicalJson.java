package kcbx.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical JSON text of an audit record: keys in the order written, no whitespace,
 * strings escaped minimally (quote, backslash, control characters) and everything else as UTF-8.
 * JSON texts that are already stored verbatim are embedded as they are, so the canonical text is a
 * pure function of what the row holds and comes out byte for byte the same after any round trip.
 */
public final class CanonicalJson {
    private final StringBuilder out = new StringBuilder(256).append('{');
    /**
     * The text so far as UTF-8, once a part was given as bytes ({@link #rawUtf8}), in its first
     * {@code length} bytes; out then holds what follows it.
     */
    private byte[] bytes;
    private int length;
    private final int sizeHint;
    private boolean first = true;

    public CanonicalJson() {
        this(0);
    }

    /**
     * A text of about {@code sizeHint} bytes: its buffer is made once at that size, not grown
     * (a decision's canonical text is some 20 KB, and growing and copying it out was a quarter of
     * the bytes a batch allocated).
     */
    public CanonicalJson(int sizeHint) {
        this.sizeHint = sizeHint;
    }

    public CanonicalJson put(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
        return this;
    }

    public CanonicalJson put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    /** A JSON text as stored, embedded verbatim. */
    public CanonicalJson raw(String key, String json) {
        key(key);
        out.append(json);
        return this;
    }

    /**
     * The same of a JSON text's UTF-8 bytes: the canonical text is then made as bytes
     * ({@link #utf8}), so a large stored text is copied in, not decoded and encoded again.
     */
    public CanonicalJson rawUtf8(String key, byte[] json) {
        key(key);
        flush();
        append(json);
        return this;
    }

    public String text() {
        return bytes == null ? out + "}" : new String(utf8(), StandardCharsets.UTF_8);
    }

    /** The canonical text's UTF-8 bytes (the bytes that are hashed). */
    public byte[] utf8() {
        if (bytes == null) {
            return text().getBytes(StandardCharsets.UTF_8);
        }
        byte[] tail = (out + "}").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(bytes, length + tail.length);
        System.arraycopy(tail, 0, all, length, tail.length);
        return all;
    }

    /** Moves the text written as characters so far into the bytes. */
    private void flush() {
        append(out.toString().getBytes(StandardCharsets.UTF_8));
        out.setLength(0);
    }

    private void append(byte[] b) {
        if (bytes == null) {
            bytes = new byte[Math.max(Math.max(sizeHint, b.length), 1 << 10)];
        } else if (length + b.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + b.length, 2 * bytes.length));
        }
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(out, key);
        out.append(':');
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
