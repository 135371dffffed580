package kcbx.store;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/**
 * Read only: decisions are inserted through the audit chain (DecisionStore, DecisionRecordSql), so
 * no save is offered here that could store one outside it, and no update or delete at all.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
interface DecisionRecordRepository extends GenericRepository<DecisionRecord, Long> {

    Optional<DecisionRecord> findByDecisionId(String decisionId);

    long count();
}
