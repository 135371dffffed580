package kcbx.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows kept beside chained records (a search or report index, written in the record's
 * transaction), which verify holds to the records the chain vouches for. The audit package knows
 * only this much of them; the store that writes the rows implements it with its own computing
 * function, so the check cannot drift from the writer.
 */
public interface KeptRows {

    /** One record whose kept rows are not what it gives. */
    record Mismatch(String recordId, String detail) {
    }

    /**
     * Of these records of {@code recordType}, in chain order (their content already checked:
     * {@code contents} holds each one's chained text, read and hashed by the walk), the first whose
     * kept rows are not what its stored record gives.
     */
    Optional<Mismatch> firstMismatch(Connection c, String recordType, List<String> recordIds,
                                     Map<String, String> contents) throws SQLException;

    /** A kept row that belongs to no record the chain vouches for, described for the verdict. */
    Optional<String> firstStray(Connection c) throws SQLException;
}
