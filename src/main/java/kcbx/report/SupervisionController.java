package kcbx.report;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.LocalDate;
import kcbx.api.SupervisionApi;
import kcbx.api.model.GetLedgerFormatParameter;
import kcbx.api.model.SupervisionList;
import kcbx.security.SchoolScope;

/** HTTP edge of the 督办清单; CSV and XLSX come from {@link ReportFormatFilter}, as for ledgers. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SupervisionController implements SupervisionApi {
    private final SupervisionService supervision;
    private final SchoolScope scope;

    SupervisionController(SupervisionService supervision, SchoolScope scope) {
        this.supervision = supervision;
        this.scope = scope;
    }

    @Override
    public SupervisionList getSupervisionList(LocalDate asOf, String schoolId, String township, String profile,
                                              GetLedgerFormatParameter format) {
        scope.requireReportScope(schoolId, township);
        return supervision.list(Scope.of(schoolId, township), asOf, profile);
    }
}
