package kcbx.engine;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.facts.Action;
import kcbx.facts.Flag;
import kcbx.facts.GroupMembership;
import kcbx.facts.LedgerEntry;
import kcbx.facts.RiskFactor;
import kcbx.facts.Warning;

/**
 * What the rules derived for one student, the ids of the rules that fired, in order, and for each
 * flag and action the firing that inserted it (by identity: two equal flags from two rules are two
 * facts with two explanations).
 */
public record EngineResult(List<Flag> flags, List<Action> actions, List<GroupMembership> groups,
                           List<LedgerEntry> ledgers, List<RiskFactor> riskFactors, List<Warning> warnings,
                           List<String> firedRules, Map<Object, RuleFiring> insertedBy) {

    public EngineResult {
        IdentityHashMap<Object, RuleFiring> copy = new IdentityHashMap<>(insertedBy);
        insertedBy = java.util.Collections.unmodifiableMap(copy);
    }

    /** The firing whose consequence inserted this flag or action; empty for anything else. */
    public Optional<RuleFiring> origin(Object derived) {
        return Optional.ofNullable(insertedBy.get(derived));
    }
}
