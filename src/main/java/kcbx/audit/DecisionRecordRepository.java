package kcbx.audit;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** Insert and read only: the decision log is append-only, so no update or delete is offered. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface DecisionRecordRepository extends GenericRepository<DecisionRecord, Long> {

    DecisionRecord save(DecisionRecord record);

    Optional<DecisionRecord> findByDecisionId(String decisionId);

    long count();
}
