package kcbx.engine;

import java.util.Map;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.Parameters;
import kcbx.facts.RiskTable;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

/**
 * One profile of a compiled rule set: its rules, parameters, calendar and risk table, where each
 * rule (by name) is written, for explanations, and a pool of sessions over its rules (creating a
 * session per decision cost more than deciding), both built when first used.
 *
 * <p>{@code riskTableGlobal} says how the rules read the risk table: as the global
 * {@code riskTable} (this rule set's DRL declares it), or, in a rule set written before that
 * global existed (an archived version replayed for an auditor), as one inserted fact per row.
 */
public record ProfileRules(ProfileDefinition definition, ProfileBase base,
                           Parameters parameters, SchoolCalendar calendar, RiskTable riskTable,
                           boolean riskTableGlobal, Map<String, RuleLocation> ruleLocations) {

    /** The profile's rules as Drools' network: built on first use ({@link ProfileBase}). */
    public KieBase kieBase() {
        return base.kieBase();
    }

    /** Sessions over {@link #kieBase()}. */
    public KieSessionsPool sessions() {
        return base.sessions();
    }
}
