package kcbx.report;

import java.util.Map;

/**
 * The one-byte code decision_ledger stores for each ledger (V21; the table ledger_code holds the
 * same pairs for readers of the database). A code is never reused or renumbered; a new ledger of
 * the API gets the next code here and in a new migration (LedgerCodesTest fails until both have it).
 */
final class LedgerCodes {
    /** Code 0: a row whose ledger name V21 did not know (written around the service). */
    static final int UNKNOWN = 0;
    private static final Map<String, Integer> CODES = Map.of(
            "ENROLLED_ROSTER", 1,
            "SUSPECTED_DROPOUT_LEDGER", 2,
            "DROPOUT_LEDGER", 3,
            "SPECIAL_GROUP_LEDGER", 4,
            "OUT_OF_SCHOOL_LEDGER", 5);
    private static final String[] NAMES = new String[6];

    static {
        CODES.forEach((name, code) -> NAMES[code] = name);
    }

    private LedgerCodes() {
    }

    /** The code of a ledger of the API. */
    static int code(String ledger) {
        Integer code = CODES.get(ledger);
        if (code == null) {
            throw new IllegalStateException("Ledger " + ledger + " has no code in kcbx.report.LedgerCodes (and ledger_code).");
        }
        return code;
    }

    /** The ledger a stored code names; a code that names none reads as "?" and the code, which no decision lists. */
    static String name(int code) {
        return code > 0 && code < NAMES.length && NAMES[code] != null ? NAMES[code] : "?" + code;
    }

    /** Every ledger and its code. */
    static Map<String, Integer> all() {
        return CODES;
    }
}
