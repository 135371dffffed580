package kcbx.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import kcbx.facts.Explainable;

/**
 * Turns the objects of a rule's match into readable facts. A fact explains itself
 * ({@link Explainable}); anything else is named by its type only, so a fact type added later can
 * never leak what it holds into a stored decision. An accumulate's collected list is shown item
 * by item.
 */
final class MatchedFacts {
    private MatchedFacts() {
    }

    /**
     * The same, reusing the descriptions already made in this evaluation: a fact such as the
     * term's attendance is matched by many rules of one decision, and is the same object each time.
     */
    static List<MatchedFact> describe(Object[] objects, Map<Object, MatchedFact> described) {
        List<MatchedFact> out = new ArrayList<>(objects.length);
        for (Object o : objects) {
            if (o != null) {
                // facts are immutable, so one description serves every match; an accumulated
                // collection may change between matches, so it is described each time
                out.add(o instanceof Explainable ? described.computeIfAbsent(o, MatchedFacts::describe) : describe(o));
            }
        }
        return List.copyOf(out);
    }

    private static MatchedFact describe(Object o) {
        if (o instanceof Explainable e) {
            // a read-only view, not a copy: explain() hands out a new map or one the fact never changes
            return new MatchedFact(o.getClass().getSimpleName(), Collections.unmodifiableMap(e.explain()));
        }
        if (o instanceof Collection<?> items) {
            List<String> shown = new ArrayList<>();
            for (Object item : items) {
                shown.add(item instanceof Explainable e ? e.explain().values().toString() : inline(item));
            }
            return new MatchedFact("Collected", Map.of("items", String.join(", ", shown)));
        }
        if (o instanceof Number n) {
            return new MatchedFact("Number", Map.of("value", n.toString()));
        }
        return new MatchedFact(o.getClass().getSimpleName(), Map.of());
    }

    /** Dates, numbers and codes as they are; any other object by its type, never its contents. */
    private static String inline(Object item) {
        if (item instanceof java.time.temporal.TemporalAccessor || item instanceof Number || item instanceof Enum<?>) {
            return item.toString();
        }
        return item == null ? "null" : item.getClass().getSimpleName();
    }
}
