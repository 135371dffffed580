package kcbx.engine;

import java.util.List;

/** One firing of a rule: which rule, where it is written, and the facts its match bound. */
public record RuleFiring(String ruleId, String ruleName, String citation, RuleLocation location,
                         List<MatchedFact> matchedFacts) {
}
