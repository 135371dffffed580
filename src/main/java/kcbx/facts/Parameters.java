package kcbx.facts;

import java.util.Map;
import java.util.TreeMap;

/**
 * A profile's parameters (thresholds, due-date offsets) as the rules see them. The values were
 * type-checked when the rule set was compiled, so a rule asking for a missing or mistyped
 * parameter is a rule-set error, reported with the parameter's name.
 */
public final class Parameters {
    private final Map<String, Object> values;

    public Parameters(Map<String, Object> values) {
        this.values = new TreeMap<>(values);
    }

    public int intValue(String name) {
        Object v = require(name);
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalStateException("Parameter " + name + " is not a whole number: " + v);
    }

    public String text(String name) {
        return String.valueOf(require(name));
    }

    public boolean flag(String name) {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("Parameter " + name + " is not true/false: " + v);
    }

    /** A text parameter holding a comma-separated list of codes, e.g. "ORPHAN,DISABLED". */
    public java.util.List<String> codes(String name) {
        String v = text(name).trim();
        return v.isEmpty() ? java.util.List.of() : java.util.List.of(v.replace(" ", "").split(","));
    }

    /** Whether {@code code} is in the list parameter {@code name}. */
    public boolean listed(String name, String code) {
        return codes(name).contains(code);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("Parameter " + name + " is not defined in the profile or the baseline");
        }
        return v;
    }
}
