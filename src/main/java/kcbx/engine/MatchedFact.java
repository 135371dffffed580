package kcbx.engine;

import java.util.Map;

/** One fact a rule's conditions matched, as its type and a few readable values. */
public record MatchedFact(String type, Map<String, String> values) {
}
