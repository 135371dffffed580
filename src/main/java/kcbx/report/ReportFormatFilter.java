package kcbx.report;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import kcbx.api.model.LedgerReport;
import kcbx.api.model.SupervisionList;
import kcbx.api.model.TermSummary;

/**
 * Content negotiation for ledgers and the term summary: the controller answers with the contract's
 * model, and this turns it into CSV or XLSX when `format` or the Accept header asks for one
 * (`format` wins). Problems and other bodies pass untouched.
 */
@ServerFilter({"/v1/ledgers/**", "/v1/reports/term-summary", "/v1/supervision"})
class ReportFormatFilter {

    @ResponseFilter
    void render(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (!(body instanceof LedgerReport) && !(body instanceof TermSummary) && !(body instanceof SupervisionList)) {
            return;
        }
        String format = wanted(request);
        if (format.equals("json")) {
            response.contentType(MediaType.APPLICATION_JSON_TYPE);
            return;
        }
        Table table = body instanceof LedgerReport l ? ReportTables.ledger(l)
                : body instanceof SupervisionList s ? ReportTables.supervision(s) : ReportTables.termSummary((TermSummary) body);
        String name = body instanceof LedgerReport l ? "ledger-" + l.getLedger().getValue() + "-" + l.getAsOf()
                : body instanceof SupervisionList s ? "supervision-" + s.getAsOf()
                : "term-summary-" + ((TermSummary) body).getTermStart();
        boolean csv = format.equals("csv");
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Object> out = (MutableHttpResponse<Object>) response;
        out.body(csv ? TableFiles.csv(table) : TableFiles.xlsx(table));
        out.contentType(csv ? TableFiles.CSV : TableFiles.XLSX);
        out.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + (csv ? ".csv" : ".xlsx") + "\"");
    }

    /** json, csv or xlsx: the format parameter, else the first of those the Accept header names. */
    static String wanted(HttpRequest<?> request) {
        String format = request.getParameters().get("format");
        if (format != null && List.of("json", "csv", "xlsx").contains(format)) {
            return format;
        }
        for (MediaType type : request.accept()) {
            if (type.getName().equals("text/csv")) {
                return "csv";
            }
            if (type.getName().equals(TableFiles.XLSX.getName())) {
                return "xlsx";
            }
            if (type.getName().equals(MediaType.APPLICATION_JSON)) {
                return "json";
            }
        }
        return "json";
    }
}
