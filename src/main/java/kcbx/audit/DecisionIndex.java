package kcbx.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A read model kept beside the decision log (the ledgers of kcbx.report, for one): called in the
 * transaction that inserts the decision, so the model never misses a decision nor holds one that
 * was rolled back.
 */
public interface DecisionIndex {
    void index(Connection c, long decisionPk, DecisionRecord r) throws SQLException;

    /** Indexes a group of decisions inserted together; {@code pks} gives each row's id by decision id. */
    default void indexAll(Connection c, List<DecisionRecord> rows, Map<String, Long> pks) throws SQLException {
        for (DecisionRecord r : rows) {
            index(c, pks.get(r.decisionId()), r);
        }
    }
}
