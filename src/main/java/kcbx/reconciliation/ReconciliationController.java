package kcbx.reconciliation;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.http.server.types.files.StreamedFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import kcbx.api.ReconciliationsApi;
import kcbx.api.model.Reconciliation;
import kcbx.api.model.ReconciliationPage;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * HTTP edge of registry reconciliation. The body arrives as a stream (the parameter mapping in
 * pom.xml makes the generated method take an InputStream; the generator drops @Body on a mapped
 * parameter, so it is declared here). Reading it blocks, as do Drools and JDBC, so this runs on
 * the blocking pool.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ReconciliationController implements ReconciliationsApi {
    private final ReconciliationService reconciliations;
    private final ReconciliationListing listing;
    private final FindingsDownload downloads;

    ReconciliationController(ReconciliationService reconciliations, ReconciliationListing listing,
                             FindingsDownload downloads) {
        this.reconciliations = reconciliations;
        this.listing = listing;
        this.downloads = downloads;
    }

    @Override
    public ReconciliationPage listReconciliations(String profile, LocalDate from, LocalDate to, String after,
                                                  Integer limit) {
        return listing.list(profile, from, to, after, limit == null ? 50 : limit);
    }

    @Override
    public FileCustomizableResponseType getReconciliationFindingsCsv(String reconciliationId, String township) {
        return new StreamedFile(new ByteArrayInputStream(downloads.csv(reconciliationId, township)),
                MediaType.of("text/csv;charset=UTF-8")).attach("reconciliation-" + reconciliationId + "-findings.csv");
    }

    @Override
    public FileCustomizableResponseType getReconciliationFindingsXlsx(String reconciliationId, String township) {
        return new StreamedFile(new ByteArrayInputStream(downloads.xlsx(reconciliationId, township)),
                MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .attach("reconciliation-" + reconciliationId + "-findings.xlsx");
    }

    @Override
    public Reconciliation reconcile(@Body InputStream inputStream) {
        return reconciliations.reconcile(inputStream);
    }

    @Override
    public Reconciliation getReconciliation(String reconciliationId, String offset, String limit) {
        long from = number("offset", offset, 0, Long.MAX_VALUE, 0);
        int size = (int) number("limit", limit, 1, ReconciliationService.MAX_PAGE, reconciliations.pageSize());
        return reconciliations.find(reconciliationId, from, size)
                .orElseThrow(() -> ProblemException.notFound("reconciliation"));
    }

    private static long number(String name, String text, long min, long max, long absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range value
        }
        throw ProblemException.invalid(List.of(new FieldProblem(name, "must be a whole number from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max))));
    }
}
