package kcbx.decision;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import kcbx.api.model.Action;
import kcbx.api.model.ActionCode;
import kcbx.api.model.Decision;
import kcbx.api.model.Explanation;
import kcbx.api.model.Flag;
import kcbx.api.model.FlagCode;
import kcbx.api.model.Ledger;
import kcbx.api.model.MatchedFact;
import kcbx.api.model.MonitoringGroup;
import kcbx.api.model.RiskFactor;
import kcbx.api.model.RiskLevel;
import kcbx.api.model.Role;
import kcbx.api.model.Warning;
import kcbx.engine.EngineResult;
import kcbx.engine.RuleFiring;

/**
 * Turns what the rules derived into the public Decision. Every list has a total order (by date,
 * then code, then the remaining fields) so the same facts always give the same bytes: the engine
 * hands derived facts back in an order that varies from run to run, and an exact replay compares
 * bytes. A code the contract does not know is a rule-set bug and fails loudly here rather than
 * reaching a school system.
 */
final class DecisionAssembler {
    private DecisionAssembler() {
    }

    static Decision assemble(String decisionId, ZonedDateTime decidedAt, String rulesetVersion, String profile,
                             LocalDate asOf, String studentId, String schoolId, EngineResult r) {
        List<Flag> flags = r.flags().stream()
                .map(f -> new Flag(code(FlagCode::fromValue, f.getCode(), f.getRuleId()), f.getSince(), f.getReason(),
                        f.getRuleId(), f.getCitation()).explanation(explanation(r, f)))
                .sorted(Comparator.comparing(Flag::getSince).thenComparing(f -> f.getCode().getValue())
                        .thenComparing(Flag::getRuleId).thenComparing(Flag::getReason))
                .toList();
        List<Action> actions = r.actions().stream()
                .map(a -> new Action(code(ActionCode::fromValue, a.getCode(), a.getRuleId()),
                        code(Role::fromValue, a.getResponsible(), a.getRuleId()),
                        a.getParticipants().stream().map(p -> code(Role::fromValue, p, a.getRuleId())).toList(),
                        a.getDueDate(), a.getReason(), a.getRuleId(), a.getCitation()).explanation(explanation(r, a)))
                .sorted(Comparator.comparing(Action::getDueDate).thenComparing(a -> a.getCode().getValue())
                        .thenComparing(Action::getRuleId).thenComparing(a -> a.getResponsible().getValue())
                        .thenComparing(a -> a.getParticipants().toString()).thenComparing(Action::getReason))
                .toList();
        List<RiskFactor> factors = r.riskFactors().stream()
                .map(f -> new RiskFactor(f.getCode(), code(RiskLevel::fromValue, f.getLevel(), f.getRuleId()), f.getReason())
                        .ruleId(f.getRuleId()).citation(f.getCitation()))
                .sorted(Comparator.comparing((RiskFactor f) -> f.getLevel().ordinal()).reversed()
                        .thenComparing(RiskFactor::getCode).thenComparing(RiskFactor::getReason)
                        .thenComparing(f -> String.valueOf(f.getRuleId())))
                .toList();
        RiskLevel level = factors.isEmpty() ? RiskLevel.NONE : factors.get(0).getLevel();
        List<MonitoringGroup> groups = new TreeSet<>(r.groups().stream()
                .map(g -> code(MonitoringGroup::fromValue, g.getCode(), g.getRuleId())).toList()).stream().toList();
        List<Ledger> ledgers = new TreeSet<>(r.ledgers().stream()
                .map(l -> code(Ledger::fromValue, l.getCode(), l.getRuleId())).toList()).stream().toList();
        // the session hands facts back in no fixed order: sort, or two runs of the same facts differ
        List<Warning> warnings = r.warnings().stream()
                .map(w -> new Warning(w.getCode(), w.getMessage()).field(w.getField()))
                .sorted(Comparator.comparing(Warning::getCode).thenComparing(w -> String.valueOf(w.getField()))
                        .thenComparing(Warning::getMessage))
                .toList();
        return new Decision(decisionId, rulesetVersion, profile, asOf, decidedAt, studentId, level, factors, flags,
                actions, groups, ledgers, warnings, r.firedRules()).schoolId(schoolId);
    }

    /** The firing that inserted this flag or action: rule, file and line, and the facts it matched. */
    private static Explanation explanation(EngineResult r, Object derived) {
        return r.origin(derived).map(DecisionAssembler::explanation).orElse(null);
    }

    private static Explanation explanation(RuleFiring f) {
        return new Explanation(f.ruleName(), f.location().file(), f.location().line(),
                f.matchedFacts().stream().map(m -> new MatchedFact(m.type(), m.values())).toList());
    }

    private static <T> T code(java.util.function.Function<String, T> parse, String code, String ruleId) {
        try {
            return parse.apply(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Rule " + ruleId + " produced \"" + code
                    + "\", which is not in the public vocabulary of openapi/decision-api.yaml");
        }
    }
}
