package kcbx.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A read model kept beside the decision log (the ledgers of kcbx.report, for one): called in the
 * transaction that inserts the decisions, under the chain lock, so the model never misses a
 * decision nor holds one that was rolled back. It reads only the prepared decision (its columns
 * and {@link IndexFacts}), never the JSON: nothing is parsed under the lock.
 */
public interface DecisionIndex {

    /** A decision just inserted: its row's id and the decision as prepared. */
    record Indexed(long pk, PreparedDecision decision) {
    }

    /** Indexes a group of decisions inserted together, in chain order. */
    void indexAll(Connection c, List<Indexed> decisions) throws SQLException;
}
