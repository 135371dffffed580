-- Reconciliations join the audit chain (record_type 'reconciliation', appended in the transaction
-- that stores one, after its findings). Those stored before this migration were never chained and
-- cannot be now (nothing vouches for their rows as they were): like the decisions stored before
-- V2, verify leaves them out instead of calling them unchained. Any reconciliation above max_pk
-- that is not in the chain was written around the service.
INSERT INTO audit_prechain (record_type, max_pk)
SELECT 'reconciliation', COALESCE(MAX(id), 0) FROM reconciliation;
