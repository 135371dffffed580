package kcbx.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A read model kept beside the decision log (the ledgers of kcbx.report, for one): called in the
 * transaction that inserts the decision, so the model never misses a decision nor holds one that
 * was rolled back.
 */
public interface DecisionIndex {
    void index(Connection c, long decisionPk, DecisionRecord r) throws SQLException;
}
