package kcbx.reconciliation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kcbx.api.model.Finding;
import kcbx.facts.NationalId;
import kcbx.report.FindingsTable;
import kcbx.ruleset.ActiveRuleset;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * A stored reconciliation's findings as a table to hand to a township: read back in the order the
 * JSON pages give them, narrowed to one township when asked, national IDs shown as the caller's
 * role may see them, written by kcbx.report's table code (CSV neutralised against formulas, XLSX
 * for A4). A workbook is built in memory, so one download holds at most
 * kcbx.reconciliation.download-max-findings findings.
 */
@Singleton
class FindingsDownload {
    /** The roles that may see a child's national ID in full: those that reconcile and audit. */
    private static final Set<String> SEE_IDS = Set.of("COUNTY_OFFICER", "AUDITOR");
    private static final int READ_PAGE = 2000;

    private final ReconciliationStore store;
    private final JsonMapper json;
    private final SecurityService security;
    private final ActiveRuleset rulesets;
    private final int maxFindings;

    FindingsDownload(ReconciliationStore store, JsonMapper json, SecurityService security, ActiveRuleset rulesets,
                     @Value("${kcbx.reconciliation.download-max-findings:50000}") int maxFindings) {
        this.store = store;
        this.json = json;
        this.security = security;
        this.rulesets = rulesets;
        this.maxFindings = maxFindings;
    }

    byte[] csv(String reconciliationId, String township) {
        Read r = read(reconciliationId, township);
        return FindingsTable.csv(r.header(), r.findings());
    }

    byte[] xlsx(String reconciliationId, String township) {
        Read r = read(reconciliationId, township);
        return FindingsTable.xlsx(r.header(), r.findings());
    }

    private record Read(FindingsTable.Header header, List<Finding> findings) {
    }

    private Read read(String reconciliationId, String township) {
        String only = township == null || township.isEmpty() ? null : township;
        ReconciliationRecordSql.Header h = store.find(reconciliationId)
                .orElseThrow(() -> ProblemException.notFound("reconciliation"));
        boolean fullIds = security.getAuthentication().map(Authentication::getRoles)
                .map(roles -> roles.stream().anyMatch(SEE_IDS::contains)).orElse(false);
        List<Finding> out = new ArrayList<>();
        for (long offset = 0; offset < h.findingCount(); offset += READ_PAGE) {
            List<String> page = store.page(h.pk(), offset, READ_PAGE);
            for (String text : page) {
                Finding f = read(text);
                if (only != null && !only.equals(f.getTownship())) {
                    continue;
                }
                if (out.size() == maxFindings) {
                    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "too_many_findings", "Too many findings",
                            "The reconciliation has more than " + maxFindings + " findings" + (only == null ? "" : " in this township")
                            + " for one file; download them township by township.",
                            List.of(new FieldProblem("township", "narrows the download to one township's findings")));
                }
                if (!fullIds && f.getNationalId() != null) {
                    f.setNationalId(NationalId.mask(f.getNationalId()));
                }
                out.add(f);
            }
            if (page.size() < READ_PAGE) {
                break;
            }
        }
        String name = rulesets.get().profile(h.profile()).map(p -> p.definition().name()).orElse(h.profile());
        return new Read(new FindingsTable.Header(h.reconciliationId(), name, h.asOf(), only, out.size()), out);
    }

    private Finding read(String text) {
        try {
            return json.readValue(text, Argument.of(Finding.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
