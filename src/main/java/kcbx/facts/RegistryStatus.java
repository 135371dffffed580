package kcbx.facts;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** 学籍状态. Also accepts the JY/T 1001 student-status codes a registry exports. */
public enum RegistryStatus {
    ENROLLED, TRANSFERRED_OUT, SUSPENDED, DROPPED_OUT, GRADUATED;

    // JY/T 1001 学籍状态代码: 01 在读, 02 休学, 05 复学 (back in school, so enrolled), 06 流失, 07 毕业, 10 转出.
    private static final Map<String, RegistryStatus> JYT_1001 = Map.of(
            "01", ENROLLED, "02", SUSPENDED, "05", ENROLLED,
            "06", DROPPED_OUT, "07", GRADUATED, "10", TRANSFERRED_OUT);

    /** Parses a name or a JY/T 1001 code; empty when the value is neither. */
    public static Optional<RegistryStatus> parse(String value) {
        String v = value.trim();
        if (JYT_1001.containsKey(v)) {
            return Optional.of(JYT_1001.get(v));
        }
        try {
            return Optional.of(valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
