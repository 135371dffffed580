package kcbx.publishing;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import kcbx.api.model.Action;
import kcbx.api.model.CodeChange;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Flag;
import kcbx.api.model.ImpactReport;
import kcbx.api.model.RiskLevelChange;
import kcbx.api.model.RuleChangeGroup;
import kcbx.store.DecisionQuery;
import kcbx.store.DecisionRecord;
import kcbx.store.DecisionStore;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.decision.DecisionService;

/**
 * What a candidate rule set would change: every decision stored in a period is decided again
 * from its stored request and asOf under the candidate, and compared with what was told then in
 * what people act on (flags and their dates, actions with who and by when, risk level, groups,
 * ledgers). Reason texts and explanations are not compared: a reworded reason or a rule that moved
 * down a line is not an impact. Nothing is stored.
 */
@Singleton
public class RulesetImpact {
    private static final int PAGE = 500;
    private static final int SAMPLES = 5;

    private final DecisionStore store;
    private final JsonMapper json;

    RulesetImpact(DecisionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    public ImpactReport impact(CompiledRuleset candidate, long fromMs, long toMs, int limit) {
        long start = System.nanoTime();
        Tally tally = new Tally();
        long replayed = 0;
        boolean truncated = false;
        DecisionQuery page = DecisionQuery.period(fromMs, toMs, PAGE);
        while (true) {
            List<DecisionRecord> rows = store.search(page);
            for (DecisionRecord r : rows) {
                if (replayed == limit) {
                    truncated = true;
                    break;
                }
                compare(candidate, r, tally);
                replayed++;
            }
            if (truncated || rows.size() < PAGE) {
                break;
            }
            page = page.after(rows.get(rows.size() - 1).id());
        }
        return tally.report(candidate.version(), replayed, truncated, (System.nanoTime() - start) / 1_000_000);
    }

    private void compare(CompiledRuleset candidate, DecisionRecord r, Tally tally) {
        Decision before = read(r.decisionJson(), Decision.class);
        ProfileRules profile = candidate.profile(r.profile()).orElse(null);
        if (profile == null) {
            tally.changed(r.decisionId(), List.of(), List.of("(profile " + r.profile() + " is not in the candidate)"));
            return;
        }
        Decision after = DecisionService.evaluate(read(r.requestJson(), DecisionRequest.class), candidate.version(),
                profile, r.decisionId(), Instant.ofEpochMilli(r.decidedAtMs()));
        Map<String, String> flagsBefore = flags(before);
        Map<String, String> flagsAfter = flags(after);
        Map<String, String> actionsBefore = actions(before);
        Map<String, String> actionsAfter = actions(after);
        boolean changed = !flagsBefore.equals(flagsAfter) || !actionsBefore.equals(actionsAfter)
                || before.getRiskLevel() != after.getRiskLevel()
                || !new TreeSet<>(before.getMonitoringGroups()).equals(new TreeSet<>(after.getMonitoringGroups()))
                || !new TreeSet<>(before.getLedgers()).equals(new TreeSet<>(after.getLedgers()));
        if (!changed) {
            return;
        }
        tally.codes(tally.flags, flagsBefore, flagsAfter);
        tally.codes(tally.actions, actionsBefore, actionsAfter);
        if (before.getRiskLevel() != after.getRiskLevel()) {
            tally.risk.merge(before.getRiskLevel().getValue() + "->" + after.getRiskLevel().getValue(), 1L, Long::sum);
        }
        TreeSet<String> now = new TreeSet<>(after.getFiredRules());
        now.removeAll(before.getFiredRules());
        TreeSet<String> gone = new TreeSet<>(before.getFiredRules());
        gone.removeAll(after.getFiredRules());
        tally.changed(r.decisionId(), List.copyOf(now), List.copyOf(gone));
    }

    /** Flag code to its date. */
    private static Map<String, String> flags(Decision d) {
        Map<String, String> out = new TreeMap<>();
        for (Flag f : d.getFlags()) {
            out.put(f.getCode().getValue(), String.valueOf(f.getSince()));
        }
        return out;
    }

    /** Action code to who does it with whom by when (sorted, as one action code may be due twice). */
    private static Map<String, String> actions(Decision d) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Action a : d.getActions()) {
            out.computeIfAbsent(a.getCode().getValue(), k -> new TreeSet<>()).add(a.getResponsible().getValue() + "+"
                    + (a.getParticipants() == null ? "" : a.getParticipants()) + "@" + a.getDueDate());
        }
        Map<String, String> flat = new TreeMap<>();
        out.forEach((k, v) -> flat.put(k, v.toString()));
        return flat;
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Running counts over the changed decisions. */
    private static final class Tally {
        final Map<String, long[]> flags = new TreeMap<>();
        final Map<String, long[]> actions = new TreeMap<>();
        final Map<String, Long> risk = new TreeMap<>();
        final Map<List<List<String>>, RuleChangeGroup> groups = new java.util.LinkedHashMap<>();
        long changed;

        void codes(Map<String, long[]> into, Map<String, String> before, Map<String, String> after) {
            TreeSet<String> all = new TreeSet<>(before.keySet());
            all.addAll(after.keySet());
            for (String code : all) {
                int slot = !before.containsKey(code) ? 0 : !after.containsKey(code) ? 1
                        : Objects.equals(before.get(code), after.get(code)) ? -1 : 2;
                if (slot >= 0) {
                    into.computeIfAbsent(code, k -> new long[3])[slot]++;
                }
            }
        }

        void changed(String decisionId, List<String> now, List<String> gone) {
            changed++;
            RuleChangeGroup g = groups.computeIfAbsent(List.of(now, gone),
                    k -> new RuleChangeGroup(now, gone, 0L, new ArrayList<>()));
            g.setCount(g.getCount() + 1);
            if (g.getSampleDecisionIds().size() < SAMPLES) {
                g.getSampleDecisionIds().add(decisionId);
            }
        }

        ImpactReport report(String version, long replayed, boolean truncated, long elapsedMs) {
            List<RuleChangeGroup> byRules = new ArrayList<>(groups.values());
            byRules.sort(Comparator.comparing(RuleChangeGroup::getCount).reversed());
            return new ImpactReport(version, replayed, changed, truncated, elapsedMs, changes(flags), changes(actions),
                    risk.entrySet().stream().map(e -> new RiskLevelChange(e.getKey().split("->")[0],
                            e.getKey().split("->")[1], e.getValue())).toList(), byRules);
        }

        private static List<CodeChange> changes(Map<String, long[]> counts) {
            return counts.entrySet().stream().map(e -> new CodeChange(e.getKey(), e.getValue()[0], e.getValue()[1])
                    .changed(e.getValue()[2])).toList();
        }
    }
}
