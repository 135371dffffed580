package kcbx.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import kcbx.facts.Action;
import kcbx.facts.Flag;
import kcbx.facts.GroupMembership;
import kcbx.facts.LedgerEntry;
import kcbx.facts.RiskFactor;
import kcbx.facts.RiskTable;
import kcbx.facts.Warning;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/**
 * Runs one profile's rules over one student's facts in a fresh session. Knows nothing of HTTP or
 * SQL, so it can be driven from a plain unit test or a command line. Every flag and action a
 * consequence inserts is tied to its firing and the facts that firing's match bound, so each can
 * be explained down to the rule's file and line and the matched facts.
 */
public final class RuleEngine {
    /** Bounds a rule set that loops (a rule re-inserting what re-triggers it) instead of hanging a request. */
    private static final int MAX_FIRINGS = 10_000;
    /** Room for what a busy student derives (the benchmark's full-term helan student: 33 flags, actions, groups, ledgers and risk factors). */
    private static final int DERIVED = 64;

    private RuleEngine() {
    }

    /**
     * Inserts the profile's parameters and sets its risk table, then {@code facts} in their order (which
     * includes the effective school calendar), and fires. Same facts in the same order, same result.
     */
    public static EngineResult evaluate(ProfileRules profile, List<Object> facts) {
        KieSession session = profile.sessions().newKieSession();
        List<String> fired = new ArrayList<>();
        Map<Object, RuleFiring> insertedBy = new IdentityHashMap<>();
        Map<Object, MatchedFact> described = new IdentityHashMap<>();
        // every object in the session (the facts given and what the rules derived, such as the
        // mapper's warnings and the rules' flags), in insertion order: collected here rather than
        // by walking the session's whole object store afterwards; an object deleted again (a
        // derivation the truth maintenance withdraws) is dropped
        // sized for the facts given and the derivations of a busy decision: growing it on the way
        // was a tenth of the listener's time
        Map<Object, Boolean> derived = new IdentityHashMap<>(facts.size() + DERIVED);
        List<Object> derivedInOrder = new ArrayList<>(facts.size() + DERIVED);
        Match[] current = new Match[1]; // a session fires one match at a time, on this thread
        DefaultAgendaEventListener agenda = new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                current[0] = new Match(event.getMatch().getRule(), event.getMatch().getObjects());
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Object id = event.getMatch().getRule().getMetaData().get("id");
                fired.add(id == null ? event.getMatch().getRule().getName() : id.toString());
                current[0] = null;
            }
        };
        DefaultRuleRuntimeEventListener inserts = new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                Object o = event.getObject();
                // only flags and actions carry an explanation in a decision: describing the matched
                // facts of the other derivations (risk factors, groups, ledgers) was a tenth of the
                // rules' time for nothing
                if (current[0] != null && event.getRule() != null && (o instanceof Flag || o instanceof Action)) {
                    insertedBy.put(o, current[0].firing(profile, described));
                }
                if (derived.put(o, Boolean.TRUE) == null) {
                    derivedInOrder.add(o);
                }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                derived.remove(event.getOldObject());
            }
        };
        try {
            session.addEventListener(agenda);
            session.addEventListener(inserts);
            session.insert(profile.parameters());
            if (profile.riskTableGlobal()) {
                session.setGlobal(RiskTable.GLOBAL, profile.riskTable());
            } else {
                for (Object row : profile.riskTable().rows()) {
                    session.insert(row);
                }
            }
            for (Object fact : facts) {
                session.insert(fact);
            }
            int n = session.fireAllRules(MAX_FIRINGS);
            if (n >= MAX_FIRINGS) {
                throw new IllegalStateException("Rules of profile " + profile.definition().id()
                        + " fired " + MAX_FIRINGS + " times for one student: a rule is looping");
            }
            List<Flag> flags = new ArrayList<>();
            List<Action> actions = new ArrayList<>();
            List<GroupMembership> groups = new ArrayList<>();
            List<LedgerEntry> ledgers = new ArrayList<>();
            List<RiskFactor> risks = new ArrayList<>();
            List<Warning> warnings = new ArrayList<>();
            for (Object o : derivedInOrder) {
                if (!derived.containsKey(o)) {
                    continue;
                }
                if (o instanceof Flag f) {
                    flags.add(f);
                } else if (o instanceof Action a) {
                    actions.add(a);
                } else if (o instanceof GroupMembership g) {
                    groups.add(g);
                } else if (o instanceof LedgerEntry l) {
                    ledgers.add(l);
                } else if (o instanceof RiskFactor r) {
                    risks.add(r);
                } else if (o instanceof Warning w) {
                    warnings.add(w);
                }
            }
            return new EngineResult(flags, actions, groups, ledgers, risks, warnings, fired, insertedBy);
        } finally {
            session.removeEventListener(agenda);
            session.removeEventListener(inserts);
            session.dispose(); // a pooled session is reset and returned to the pool
        }
    }

    /** The match being fired; its {@link RuleFiring} is made once, when its consequence first inserts. */
    private static final class Match {
        private final Rule rule;
        private final List<Object> objects;
        private RuleFiring firing;

        Match(Rule rule, List<Object> objects) {
            this.rule = rule;
            this.objects = objects;
        }

        RuleFiring firing(ProfileRules profile, Map<Object, MatchedFact> described) {
            if (firing == null) {
                firing = RuleEngine.firing(profile, rule, objects.toArray(), described);
            }
            return firing;
        }
    }

    private static RuleFiring firing(ProfileRules profile, Rule rule, Object[] matched,
                                     Map<Object, MatchedFact> described) {
        Map<String, Object> meta = rule.getMetaData();
        RuleLocation where = profile.ruleLocations().get(rule.getName());
        return new RuleFiring(String.valueOf(meta.getOrDefault("id", rule.getName())), rule.getName(),
                meta.get("cite") == null ? null : meta.get("cite").toString(),
                where == null ? new RuleLocation(profile.definition().id() + "/", 0) : where,
                MatchedFacts.describe(matched, described));
    }
}
