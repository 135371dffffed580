package kcbx.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Runs one profile's rules over a batch of facts that is not one student's (a chunk of a
 * reconciliation, a period of obligations) and hands back everything in working memory. Each
 * call takes a session from the profile's pool, reset on return, so batches never see each other. Knows nothing of HTTP or SQL.
 */
public final class RuleSessions {
    /** What a session ended with, and the ids of the rules that fired, in order. */
    public record Outcome(List<Object> objects, List<String> firedRules) {
        public <T> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private RuleSessions() {
    }

    /**
     * Inserts the profile's parameters, then {@code facts} in their order, and fires. The bound on
     * firings grows with the batch so that a big batch is not mistaken for a looping rule.
     */
    public static Outcome run(ProfileRules profile, Collection<?> facts, int maxFiringsPerFact) {
        return run(profile, facts, maxFiringsPerFact, facts.size());
    }

    /**
     * As {@link #run(ProfileRules, Collection, int)}, with the bound counted on {@code units}
     * instead of the facts: where one fact stands for many rows (a child and all its rows of a
     * list) and rules fire once per row.
     */
    public static Outcome run(ProfileRules profile, Collection<?> facts, int maxFiringsPerFact, int units) {
        KieSession session = profile.sessions().newKieSession();
        List<String> fired = new ArrayList<>();
        DefaultAgendaEventListener listener = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Object id = event.getMatch().getRule().getMetaData().get("id");
                fired.add(id == null ? event.getMatch().getRule().getName() : id.toString());
            }
        };
        try {
            session.addEventListener(listener);
            session.insert(profile.parameters());
            for (Object fact : facts) {
                session.insert(fact);
            }
            int max = Math.max(1_000, maxFiringsPerFact * (units + 1));
            int n = session.fireAllRules(max);
            if (n >= max) {
                throw new IllegalStateException("Rules of profile " + profile.definition().id() + " fired " + max
                        + " times for " + facts.size() + " facts: a rule is looping");
            }
            return new Outcome(new ArrayList<>(session.getObjects()), fired);
        } finally {
            session.removeEventListener(listener);
            session.dispose(); // a pooled session is reset and returned to the pool
        }
    }
}
