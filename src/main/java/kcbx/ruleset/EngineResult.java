package kcbx.ruleset;

import java.util.List;
import kcbx.facts.Action;
import kcbx.facts.Flag;
import kcbx.facts.GroupMembership;
import kcbx.facts.LedgerEntry;
import kcbx.facts.RiskFactor;
import kcbx.facts.Warning;

/** What the rules derived for one student, and the ids of the rules that fired, in order. */
public record EngineResult(List<Flag> flags, List<Action> actions, List<GroupMembership> groups,
                           List<LedgerEntry> ledgers, List<RiskFactor> riskFactors, List<Warning> warnings,
                           List<String> firedRules) {
}
