package kcbx.facts;

import java.util.Map;

/** The facts are thin or inconsistent: the decision says so instead of pretending all is well. */
public final class Warning implements Explainable {
    private final String code;
    private final String field;
    private final String message;

    public Warning(String code, String field, String message) {
        this.code = code;
        this.field = field;
        this.message = message;
    }

    public String getCode() { return code; }
    public String getField() { return field; }
    public String getMessage() { return message; }

    @Override
    public Map<String, String> explain() {
        return Map.of("code", code);
    }
}
