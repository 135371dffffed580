package kcbx.ruleset;

import java.util.List;
import java.util.Map;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTableRow;
import org.kie.api.KieBase;

/**
 * One profile of a compiled rule set: its rules, parameters, calendar and risk table, and where
 * each rule (by name) is written, for explanations.
 */
public record ProfileRules(ProfileDefinition definition, KieBase kieBase, Parameters parameters,
                           SchoolCalendar calendar, List<RiskTableRow> riskTable,
                           Map<String, RuleLocation> ruleLocations) {
}
