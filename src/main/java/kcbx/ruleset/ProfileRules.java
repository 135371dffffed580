package kcbx.ruleset;

import java.util.List;
import java.util.Map;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTableRow;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

/**
 * One profile of a compiled rule set: its rules, parameters, calendar and risk table, where each
 * rule (by name) is written, for explanations, and a pool of sessions over its rules (creating a
 * session per decision cost more than deciding).
 */
public record ProfileRules(ProfileDefinition definition, KieBase kieBase, KieSessionsPool sessions,
                           Parameters parameters, SchoolCalendar calendar, List<RiskTableRow> riskTable,
                           Map<String, RuleLocation> ruleLocations) {
}
