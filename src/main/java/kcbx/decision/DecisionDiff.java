package kcbx.decision;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kcbx.api.model.FieldDifference;

/**
 * Compares two decisions as JSON, field by field, naming each difference by its JSON path
 * ("flags[0].since", "riskLevel"). Arrays are compared by position: a flag missing in the middle
 * shows as every later position differing, which is what an auditor comparing the lists sees.
 * decisionId and decidedAt are not compared: they identify a decision, they are not its content.
 */
final class DecisionDiff {
    private static final Set<String> IDENTITY = Set.of("decisionId", "decidedAt");

    private final JsonMapper json;

    DecisionDiff(JsonMapper json) {
        this.json = json;
    }

    List<FieldDifference> diff(String storedJson, String replayedJson) {
        List<FieldDifference> out = new ArrayList<>();
        Map<String, Object> stored = read(storedJson);
        Map<String, Object> replayed = read(replayedJson);
        IDENTITY.forEach(k -> {
            stored.remove(k);
            replayed.remove(k);
        });
        compare("", stored, replayed, out);
        if (out.isEmpty() && !write(stored).equals(write(replayed))) {
            // same values, different bytes: not a reproduction in the strict sense the service promises
            out.add(new FieldDifference("$"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void compare(String path, Object a, Object b, List<FieldDifference> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<Object> keys = new LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object k : keys) {
                String p = path.isEmpty() ? k.toString() : path + "." + k;
                if (!ma.containsKey(k) || !mb.containsKey(k)) {
                    out.add(difference(p, ((Map<Object, Object>) ma).get(k), ((Map<Object, Object>) mb).get(k),
                            ma.containsKey(k), mb.containsKey(k)));
                } else {
                    compare(p, ma.get(k), mb.get(k), out);
                }
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                String p = path + "[" + i + "]";
                if (i >= la.size() || i >= lb.size()) {
                    out.add(difference(p, i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null,
                            i < la.size(), i < lb.size()));
                } else {
                    compare(p, la.get(i), lb.get(i), out);
                }
            }
        } else if (!Objects.equals(a, b)) {
            out.add(difference(path, a, b, true, true));
        }
    }

    private FieldDifference difference(String path, Object stored, Object replayed, boolean inStored,
                                       boolean inReplayed) {
        FieldDifference d = new FieldDifference(path);
        if (inStored) {
            d.setStored(write(stored));
        }
        if (inReplayed) {
            d.setReplayed(write(replayed));
        }
        return d;
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
