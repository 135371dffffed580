package kcbx.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.audit.KeptRows;

/**
 * The rows kept beside each chained decision (every {@link DerivedRows}: the flag index, the
 * report index), as verify sees them: what they hold for a decision against what its stored,
 * chained record gives, computed again by each index's own function.
 */
@Singleton
class DecisionKeptRows implements KeptRows {
    private final List<DerivedRows> derived;

    DecisionKeptRows(List<DerivedRows> derived) {
        this.derived = List.copyOf(derived);
    }

    @Override
    public Optional<Mismatch> firstMismatch(Connection c, String recordType, List<String> recordIds,
                                            Map<String, String> contents) throws SQLException {
        if (derived.isEmpty() || !DecisionRecordSql.TYPE.equals(recordType) || recordIds.isEmpty()) {
            return Optional.empty();
        }
        Map<String, DecisionRecord> records = DecisionRecordSql.keyColumns(c, recordIds);
        List<Long> pks = records.values().stream().map(DecisionRecord::id).toList();
        List<Map<Long, List<String>>> stored = new ArrayList<>();
        for (DerivedRows rows : derived) {
            stored.add(rows.stored(c, pks));
        }
        for (String id : recordIds) {
            DecisionRecord r = records.get(id);
            String chained = contents.get(id);
            if (r == null || chained == null) {
                continue; // a missing record is the chain walk's finding, not this one's
            }
            // from the text the walk read and hashed (once for every index): the row's JSON is not read twice
            IndexFacts facts = IndexFacts.ofChained(chained);
            for (int i = 0; i < derived.size(); i++) {
                DerivedRows rows = derived.get(i);
                List<String> want = new ArrayList<>(rows.expected(r.id(), r, facts));
                List<String> have = new ArrayList<>(stored.get(i).getOrDefault(r.id(), List.of()));
                Collections.sort(want);
                Collections.sort(have);
                if (!want.equals(have)) {
                    long missing = want.stream().filter(w -> !have.contains(w)).count();
                    long extra = have.stream().filter(h -> !want.contains(h)).count();
                    return Optional.of(new Mismatch(id, "Its rows in " + rows.name() + " are not those its chained"
                            + " record gives (" + missing + " missing or changed, " + extra + " not its own or changed)."));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> firstStray(Connection c) throws SQLException {
        for (DerivedRows rows : derived) {
            Optional<Long> stray = rows.firstStray(c);
            if (stray.isPresent()) {
                return Optional.of("A row of " + rows.name() + " names decision row " + stray.get()
                        + ", which the audit chain does not hold.");
            }
            Optional<Long> unknown = rows.firstUnknownCode(c);
            if (unknown.isPresent()) {
                return Optional.of("A row of " + rows.name() + " for decision row " + unknown.get()
                        + " stores a number that names no code.");
            }
        }
        return Optional.empty();
    }
}
