package kcbx.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kcbx.api.model.TermSummary;
import kcbx.api.model.TermSummaryRow;
import kcbx.calendar.Term;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.system.FieldProblem;
import kcbx.system.Jdbc;
import kcbx.system.ProblemException;

/**
 * The baiyin term summary (每学期末月…学生在校、辍学、失学、异动等情况): each student (school and
 * student id: two schools' children of one id are two students) counted once, by the latest
 * decision of the term, per school. The term comes from the profile's calendar.
 */
@Singleton
class TermSummaryService {
    static final String TOTAL = "合计";

    private final ActiveRuleset rulesets;
    private final ReportSql sql;
    private final TransactionOperations<Connection> tx;
    private final SchoolNames names;

    TermSummaryService(ActiveRuleset rulesets, ReportSql sql, TransactionOperations<Connection> tx, SchoolNames names) {
        this.rulesets = rulesets;
        this.names = names;
        this.sql = sql;
        this.tx = tx;
    }

    TermSummary summary(String profileId, LocalDate date, Scope scope) {
        String id = profileId == null ? RulesetCompiler.BASELINE : profileId;
        ProfileRules profile = rulesets.get().profile(id).orElseThrow(() -> ProblemException.unknownProfile(id));
        Term term = profile.calendar().termOn(date).orElseThrow(() -> ProblemException.invalid(List.of(
                new FieldProblem("date", "is in no term of the calendar of profile " + id))));
        List<ReportSql.Latest> latest = ReportErrors.reading("The term summary",
                () -> Jdbc.read(tx, c -> sql.latestInPeriod(c, scope, term.start(), term.end())));
        Map<String, int[]> bySchool = new TreeMap<>();
        int[] total = new int[4];
        for (ReportSql.Latest l : latest) {
            int[] counts = bySchool.computeIfAbsent(l.student().schoolKey(), k -> new int[4]);
            int i = switch (l.standing()) {
                case StoredDecision.Standing.DROPPED_OUT -> 1;
                case StoredDecision.Standing.OUT_OF_SCHOOL -> 2;
                case StoredDecision.Standing.MOVED -> 3;
                default -> 0;
            };
            counts[i]++;
            total[i]++;
        }
        List<TermSummaryRow> rows = new ArrayList<>();
        Map<String, String> named = bySchool.isEmpty() ? Map.of() : names.of(bySchool.keySet());
        bySchool.forEach((school, c) -> {
            TermSummaryRow row = row(school, c);
            String name = named.get(school);
            rows.add(name == null || name.equals(school) ? row : row.schoolName(name));
        });
        return new TermSummary(id, term.name(), term.start(), term.end(), rows, row(TOTAL, total))
                .schoolId(scope.schoolId()).township(scope.township()).profileName(profile.definition().name());
    }

    private static TermSummaryRow row(String school, int[] c) {
        return new TermSummaryRow(school, c[0], c[1], c[2], c[3], c[0] + c[1] + c[2] + c[3]);
    }
}
