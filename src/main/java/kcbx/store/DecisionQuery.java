package kcbx.store;

/**
 * A search over stored decisions. Null filters do not apply. fromMs (inclusive) and toMs
 * (exclusive) select by recording time; after is the keyset cursor: the id of the last row of
 * the previous page. Pages run newest first, or oldest first when ascending.
 */
public record DecisionQuery(String studentId, String schoolId, String profile, String flag, Long fromMs, Long toMs,
                            Long after, int limit, boolean ascending) {

    public DecisionQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    /** Every decision recorded in [fromMs, toMs), oldest first, limit at a time. */
    public static DecisionQuery period(Long fromMs, Long toMs, int limit) {
        return new DecisionQuery(null, null, null, null, fromMs, toMs, null, limit, true);
    }

    public DecisionQuery after(long id) {
        return new DecisionQuery(studentId, schoolId, profile, flag, fromMs, toMs, id, limit, ascending);
    }

    DecisionQuery after(long id, int limit) {
        return new DecisionQuery(studentId, schoolId, profile, flag, fromMs, toMs, id, limit, ascending);
    }
}
