package kcbx.ruleset;

import java.util.List;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTableRow;
import org.kie.api.KieBase;

/** One profile of a compiled rule set: its rules, parameters, calendar and risk table. */
public record ProfileRules(ProfileDefinition definition, KieBase kieBase, Parameters parameters,
                           SchoolCalendar calendar, List<RiskTableRow> riskTable) {
}
