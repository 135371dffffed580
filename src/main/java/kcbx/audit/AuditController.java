package kcbx.audit;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.ZonedDateTime;
import java.util.List;
import kcbx.api.AuditApi;
import kcbx.api.model.ChainVerification;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/** HTTP edge of the audit tools: chain verification and export. JDBC blocks, so the blocking pool. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class AuditController implements AuditApi {
    private final ChainVerifier verifier;
    private final AuditExport export;

    AuditController(ChainVerifier verifier, AuditExport export) {
        this.verifier = verifier;
        this.export = export;
    }

    @Override
    public ChainVerification verifyChain(String chain, Long fromSeq, Long toSeq) {
        checkChain(chain);
        if (chain == null && (fromSeq != null || toSeq != null)) {
            throw ProblemException.invalid(List.of(new FieldProblem("chain",
                    "is required with fromSeq or toSeq (seq counts within one chain)")));
        }
        if (fromSeq != null && toSeq != null && toSeq < fromSeq) {
            throw ProblemException.invalid(List.of(new FieldProblem("toSeq", "must not be less than fromSeq")));
        }
        return verifier.verify(chain, fromSeq, toSeq);
    }

    @Override
    public FileCustomizableResponseType exportAudit(ZonedDateTime from, ZonedDateTime to, String chain) {
        checkChain(chain);
        return export.export(from, to, chain);
    }

    private static void checkChain(String chain) {
        if (chain != null && !AuditChains.isName(chain)) {
            throw ProblemException.invalid(List.of(new FieldProblem("chain",
                    "is not a chain name (letters, digits, '.', '_', '-')")));
        }
    }
}
