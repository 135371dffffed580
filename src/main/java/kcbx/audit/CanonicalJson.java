package kcbx.audit;

/**
 * Writes the canonical JSON text of an audit record: keys in the order written, no whitespace,
 * strings escaped minimally (quote, backslash, control characters) and everything else as UTF-8.
 * JSON texts that are already stored verbatim are embedded as they are, so the canonical text is a
 * pure function of what the row holds and comes out byte for byte the same after any round trip.
 */
public final class CanonicalJson {
    private final StringBuilder out = new StringBuilder(256).append('{');
    private boolean first = true;

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

    public String text() {
        return out + "}";
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
