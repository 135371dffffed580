package kcbx.reconciliation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import kcbx.facts.Action;
import kcbx.facts.Child;
import kcbx.facts.Finding;
import kcbx.facts.FindingAction;
import kcbx.facts.FindingMark;
import kcbx.facts.NationalId;
import kcbx.facts.ReconciliationContext;
import kcbx.facts.RegistryRow;
import kcbx.engine.ProfileRules;
import kcbx.engine.RuleSessions;

/**
 * Runs a profile's reconciliation rules over every child of a {@link RowTable}. Rows are grouped
 * by national ID one hash partition at a time, so only a partition's children exist as objects at
 * once, and each Drools session sees at most {@code sessionChildren} children: memory stays flat
 * whatever the county's size. Findings leave through {@code sink}, a session's worth at a time.
 * Knows nothing of HTTP or SQL.
 */
final class Reconciler {
    /** One finding with everything the rules attached to it, and where it sorts among the others. */
    record Result(long sortKey, Finding finding, List<Action> actions, List<String> groups, List<String> ledgers) {
    }

    /** How many children (distinct valid IDs) there were, and the ids of the rules that fired for any. */
    record Totals(long children, List<String> firedRules) {
    }

    private static final int MAX_FIRINGS_PER_FACT = 50;
    private static final Map<String, Integer> RANK = Map.of("DUPLICATE_NATIONAL_ID", 1, "NATIONAL_ID_MISMATCH", 2,
            "INVALID_NATIONAL_ID", 3);

    private final int partitionRows;
    private final int sessionChildren;

    Reconciler(int partitionRows, int sessionChildren) {
        this.partitionRows = partitionRows;
        this.sessionChildren = sessionChildren;
    }

    Totals run(ProfileRules profile, LocalDate asOf, RowTable rows, Consumer<List<Result>> sink) {
        ReconciliationContext context = new ReconciliationContext(asOf, profile.definition().id(), profile.parameters());
        int partitions = Math.max(1, (rows.size() + partitionRows - 1) / partitionRows);
        long children = 0;
        TreeSet<String> fired = new TreeSet<>();
        List<Object> invalid = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.key(r) == RowTable.NO_KEY) {
                invalid.add(rows.row(r));
                if (invalid.size() == sessionChildren) {
                    evaluate(profile, context, invalid, sink, fired);
                    invalid = new ArrayList<>();
                }
            }
        }
        if (!invalid.isEmpty()) {
            evaluate(profile, context, invalid, sink, fired);
        }
        for (int part = 0; part < partitions; part++) {
            Map<Long, int[]> byKey = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                long k = rows.key(r);
                if (k != RowTable.NO_KEY && Math.floorMod(Long.hashCode(k), partitions) == part) {
                    byKey.merge(k, new int[] {r}, Reconciler::append);
                }
            }
            children += byKey.size();
            List<Object> batch = new ArrayList<>(Math.min(sessionChildren, byKey.size()));
            for (Map.Entry<Long, int[]> e : byKey.entrySet()) {
                batch.add(child(rows, e.getKey(), e.getValue()));
                if (batch.size() == sessionChildren) {
                    evaluate(profile, context, batch, sink, fired);
                    batch = new ArrayList<>(sessionChildren);
                }
            }
            if (!batch.isEmpty()) {
                evaluate(profile, context, batch, sink, fired);
            }
        }
        return new Totals(children, List.copyOf(fired));
    }

    private static Child child(RowTable rows, long key, int[] rowNumbers) {
        List<RegistryRow> rs = new ArrayList<>(rowNumbers.length);
        for (int r : rowNumbers) {
            rs.add(rows.row(r));
        }
        String id = RowTable.nationalId(key);
        NationalId parsed = NationalId.parse(id).orElseThrow();
        return new Child(id, parsed.birthDate(), parsed.male() ? "MALE" : "FEMALE", rs);
    }

    private static void evaluate(ProfileRules profile, ReconciliationContext context, List<Object> facts,
                                 Consumer<List<Result>> sink, TreeSet<String> fired) {
        List<Object> all = new ArrayList<>(facts.size() + 1);
        all.add(context);
        all.addAll(facts);
        // rules fire per row (a duplicate, a birth date that contradicts the ID): a child on a list
        // a thousand times is a thousand firings, not a looping rule
        int rows = 0;
        for (Object f : facts) {
            rows += f instanceof Child c ? c.getRows().size() : 1;
        }
        RuleSessions.Outcome outcome = RuleSessions.run(profile, all, MAX_FIRINGS_PER_FACT, rows + 1);
        fired.addAll(outcome.firedRules());
        Map<Finding, List<Action>> actions = new IdentityHashMap<>();
        Map<Finding, TreeSet<String>> groups = new IdentityHashMap<>();
        Map<Finding, TreeSet<String>> ledgers = new IdentityHashMap<>();
        for (FindingAction a : outcome.all(FindingAction.class)) {
            actions.computeIfAbsent(a.getFinding(), f -> new ArrayList<>()).add(a.getAction());
        }
        for (FindingMark m : outcome.all(FindingMark.class)) {
            (m.getKind().equals(FindingMark.GROUP) ? groups : ledgers)
                    .computeIfAbsent(m.getFinding(), f -> new TreeSet<>()).add(m.getCode());
        }
        List<Result> results = new ArrayList<>();
        for (Finding f : outcome.all(Finding.class)) {
            List<Action> as = new ArrayList<>(actions.getOrDefault(f, List.of()));
            // working memory has no order: sort so that the same lists give the same findings byte for byte
            as.sort(Comparator.comparing(Action::getCode).thenComparing(Action::getDueDate));
            results.add(new Result(sortKey(f), f, as, List.copyOf(groups.getOrDefault(f, new TreeSet<>())),
                    List.copyOf(ledgers.getOrDefault(f, new TreeSet<>()))));
        }
        results.sort(Comparator.comparingLong(Result::sortKey));
        sink.accept(results);
    }

    /** By the row the finding is about (list, then position), then child findings before row findings. */
    private static long sortKey(Finding f) {
        RegistryRow row = f.getRow() != null ? f.getRow()
                : f.getList() != null ? f.getChild().rowsOf(f.getList()).get(0)
                : f.getChild().firstRow();
        long position = ((long) row.getList().ordinal() << 30) | row.getIndex();
        return position * 8 + RANK.getOrDefault(f.getCode(), 0);
    }

    private static int[] append(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
