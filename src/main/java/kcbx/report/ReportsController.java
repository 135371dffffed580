package kcbx.report;

import kcbx.security.SchoolScope;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import kcbx.api.ReportsApi;
import kcbx.api.model.GetLedgerFormatParameter;
import kcbx.api.model.GetMonthlyDropoutReportFormatParameter;
import kcbx.api.model.Ledger;
import kcbx.api.model.LedgerReport;
import kcbx.api.model.TermSummary;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import java.util.Arrays;
import java.util.List;

/**
 * HTTP edge of ledgers and reports. JSON answers are turned into CSV or XLSX by
 * {@link ReportFormatFilter} when asked, so the contract's models stay the one source of content.
 * The schoolId/township scope is explicit on every call so access control can check it.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ReportsController implements ReportsApi {
    private final LedgerService ledgers;
    private final MonthlyDropoutReport monthly;
    private final TermSummaryService terms;
    private final SchoolScope scope;

    ReportsController(LedgerService ledgers, MonthlyDropoutReport monthly, TermSummaryService terms,
                      SchoolScope scope) {
        this.ledgers = ledgers;
        this.monthly = monthly;
        this.terms = terms;
        this.scope = scope;
    }

    @Override
    public LedgerReport getLedger(String ledger, LocalDate asOf, String schoolId, String township,
                                  GetLedgerFormatParameter format) {
        scope.requireReportScope(schoolId, township);
        return ledgers.ledger(ledger(ledger), Scope.of(schoolId, township), asOf);
    }

    private static Ledger ledger(String code) {
        for (Ledger l : Ledger.values()) {
            if (l.getValue().equals(code)) {
                return l;
            }
        }
        throw ProblemException.invalid(List.of(new FieldProblem("ledger", "must be one of " + String.join(", ",
                Arrays.stream(Ledger.values()).map(Ledger::getValue).toList()))));
    }

    @Override
    public FileCustomizableResponseType getMonthlyDropoutReport(String month, String schoolId, String township,
            String schoolName, LocalDate reportedOn, String filledBy, String phone,
            GetMonthlyDropoutReportFormatParameter format) {
        scope.requireReportScope(schoolId, township);
        Table table = monthly.table(YearMonth.parse(month), Scope.of(schoolId, township),
                new MonthlyDropoutReport.Header(schoolName, reportedOn, filledBy, phone));
        boolean csv = format == GetMonthlyDropoutReportFormatParameter.CSV;
        return file(csv ? TableFiles.csv(table) : TableFiles.xlsx(table), csv ? TableFiles.CSV : TableFiles.XLSX,
                "monthly-dropout-" + month + (csv ? ".csv" : ".xlsx"));
    }

    @Override
    public TermSummary getTermSummary(LocalDate date, String profile, String schoolId, String township,
                                      GetLedgerFormatParameter format) {
        scope.requireReportScope(schoolId, township);
        return terms.summary(profile, date, Scope.of(schoolId, township));
    }

    static StreamedFile file(byte[] bytes, MediaType type, String name) {
        return new StreamedFile(new ByteArrayInputStream(bytes), type).attach(name);
    }
}
