package kcbx.system;

import java.util.regex.Pattern;

/**
 * JSON keys as they may appear in a problem's field path. A key the contract does not know is
 * named back to the caller only when it looks like a field name: a client that keys an object by
 * a child's name or national ID must not see it echoed (nor find it in a log that records the
 * problem).
 */
final class FieldNames {
    static final String WITHHELD = "<key not shown>";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]{0,63}");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,6}");

    private FieldNames() {
    }

    static String safe(String key) {
        return PLAIN.matcher(key).matches() ? key : WITHHELD;
    }

    /** Whether a JSON-pointer segment is an array index rather than an all-digit key. */
    static boolean isIndex(String segment) {
        return INDEX.matcher(segment).matches();
    }
}
