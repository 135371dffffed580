package kcbx.store;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The small numbers the index tables store for a public code instead of its name: the flags of
 * decision_flag (V22, table flag_code) and the ledgers of decision_ledger (V21, table ledger_code).
 * The table holds the same pairs for readers of the database; StoredCodesTest checks both against
 * each other and against the API's enums. A number is never reused or renumbered: a new code of
 * the API gets the next number here and in a new migration (the test fails until both have it).
 * Number 0 is a row the migration found with a name it did not know (written around the service):
 * kept, and read as a name no decision lists, so verify reports it.
 */
public final class StoredCodes {
    /** decision_flag.flag_code, in the order of the API's FlagCode. */
    public static final StoredCodes FLAGS = new StoredCodes("flag_code", List.of("ABSENT_UNEXCUSED",
            "SUSPECTED_DROPOUT", "PROLONGED_ABSENCE", "NOT_REPORTED_AT_TERM_START", "DROPOUT", "REGISTERED_NOT_ATTENDING",
            "ATTENDING_NOT_REGISTERED", "OUT_OF_SCHOOL", "ENROLLMENT_AGE_REACHED", "STUDYING_ELSEWHERE",
            "RETURN_FOLLOW_UP", "CHRONIC_ABSENCE", "GUARDIANSHIP_GAP", "HOME_TEACHING_OVERDUE", "HOME_VISIT_OVERDUE",
            "AID_NOT_COVERED", "UNLAWFUL_EMPLOYMENT"));
    /** decision_ledger.ledger, in the order of the API's Ledger. */
    public static final StoredCodes LEDGERS = new StoredCodes("ledger_code", List.of("ENROLLED_ROSTER",
            "SUSPECTED_DROPOUT_LEDGER", "DROPOUT_LEDGER", "SPECIAL_GROUP_LEDGER", "OUT_OF_SCHOOL_LEDGER"));

    private final String table;
    /** names.get(n - 1) is the name of number n. */
    private final List<String> names;
    private final Map<String, Integer> numbers;

    private StoredCodes(String table, List<String> names) {
        this.table = table;
        this.names = List.copyOf(names);
        this.numbers = this.names.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                n -> this.names.indexOf(n) + 1));
    }

    /** The table that holds these pairs (columns code and name). */
    public String table() {
        return table;
    }

    /** The number stored for a code of the API. */
    public int number(String name) {
        Integer n = numbers.get(name);
        if (n == null) {
            throw new IllegalStateException(name + " has no number in kcbx.store.StoredCodes (table " + table + ").");
        }
        return n;
    }

    /** The code a stored number names; a number that names none reads as "?" and the number, which no decision lists. */
    public String name(int number) {
        return number >= 1 && number <= names.size() ? names.get(number - 1) : "?" + number;
    }

    /** Every code and its number. */
    public Map<String, Integer> all() {
        return numbers;
    }
}
