package kcbx.facts;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A profile's risk-tiers.csv, indexed by kind and code, as the rules see it: the global
 * {@code riskTable}, whose rows a rule reaches with {@code from riskTable.rows("FLAG", $code)}.
 * One object shared by every decision of the profile, so a decision no longer inserts a fact per
 * row of the table (thirty-odd inserts and their propagation, measured at about a fifth of the
 * rules' time for a full-term student). Immutable.
 */
public final class RiskTable {
    /** The name the rules declare it under: {@code global kcbx.facts.RiskTable riskTable}. */
    public static final String GLOBAL = "riskTable";

    private final List<RiskTableRow> rows;
    /** Kind (FLAG or GROUP), then code, to the rows: looked up per flag and group of every decision, without building a key. */
    private final Map<String, Map<String, List<RiskTableRow>>> byKindAndCode;

    public RiskTable(List<RiskTableRow> rows) {
        this.rows = List.copyOf(rows);
        this.byKindAndCode = this.rows.stream().collect(Collectors.groupingBy(RiskTableRow::getKind,
                Collectors.groupingBy(RiskTableRow::getCode, Collectors.toUnmodifiableList())));
    }

    /** Every row of the table, in the file's order. */
    public List<RiskTableRow> rows() {
        return rows;
    }

    /** The rows for a flag ({@code FLAG}) or monitoring group ({@code GROUP}) code, in the file's order; none when the table has none. */
    public List<RiskTableRow> rows(String kind, String code) {
        return byKindAndCode.getOrDefault(kind, Map.of()).getOrDefault(code, List.of());
    }
}
