package kcbx.decision;

import static kcbx.decision.RequestFuzzer.bytes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import kcbx.decision.RequestFuzzer.Case;
import kcbx.decision.RequestFuzzer.Expect;
import kcbx.system.ContractValidator;

/**
 * Wrong variants of a valid body, made by walking it alongside its schema in
 * openapi/decision-api.yaml, so that every endpoint with a JSON body is fuzzed from its contract
 * and a field added to the YAML is fuzzed too. One change per case: a value of the wrong type,
 * outside its enum, length or range, a date that does not exist, null or missing where required,
 * an unknown or duplicated key, an array over its limit, nesting too deep. Each names the field
 * the 400 problem must name. Values the contract allows but that are odd (dates in year 0000 or
 * 9999, odd Unicode, long arrays without a limit, null where optional) may be accepted or refused
 * by the endpoint: those cases say ANY.
 */
final class ContractMutator {
    private static final String[] BAD_DATES = {"2025-02-30", "2025-13-01", "2025-9-1", "20250901", "", "２０２５-09-01",
            "-2025-09-01", "2025-09-01T00:00:00Z", "2025-06-31", "+12025-01-01"};
    private static final String[] EDGE_DATES = {"9999-12-31", "0000-01-01", "0001-01-01", "2100-12-31", "1900-02-28"};
    private static final String[] BAD_TIMES = {"2025-13-01T00:00:00Z", "2025-09-10", "2025-09-10T08:00:00", "yesterday",
            "2025-09-10 08:00:00+08:00", "2025-02-30T00:00:00Z", "2025-09-10T25:00:00Z", "", "+10000-01-01T00:00:00Z",
            "2025-09-10T08:00:00+25:00", "2025-09-10T08:00:00[Asia/Shanghai]"};
    private static final String[] EDGE_TIMES = {"9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
            "1970-01-01T00:00:00+14:00", "2025-09-10T08:00:00.123456789-12:00", "0001-01-01T00:00:00-18:00"};
    private static final String RAW = "__RAW__";
    private static final String DUP = "__DUP__";
    /** A mutation that would send more than this is not tried: huge arrays of big rows belong to the oversized cases. */
    private static final int MAX_SENT = 4 << 20;

    private final ContractValidator contract;
    private final Function<Object, String> json;

    ContractMutator(ContractValidator contract, Function<Object, String> json) {
        this.contract = contract;
        this.json = json;
    }

    /** A value of the body, where it is, and what the contract says of it. */
    private record Node(String path, Object parent, Object key, Object value, Map<String, Object> schema,
                        boolean required) {
    }

    /** One wrong variant of {@code valid}, a body of schema {@code schemaName}; {@code valid} is left as it is. */
    Case mutate(Random r, Object valid, String schemaName) {
        Object body = copy(valid);
        List<Node> nodes = new ArrayList<>();
        walk(body, Map.of("$ref", "#/components/schemas/" + schemaName), "", null, null, true, nodes);
        while (true) {
            Case c = mutate(r, body, nodes.get(r.nextInt(nodes.size())));
            if (c != null) {
                return c;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void walk(Object value, Map<String, Object> schema, String path, Object parent, Object key, boolean required,
                      List<Node> out) {
        schema = resolve(schema);
        out.add(new Node(path, parent, key, value, schema, required));
        if (value instanceof Map<?, ?> m && "object".equals(type(schema))) {
            Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            List<Object> req = (List<Object>) schema.getOrDefault("required", List.of());
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (props.containsKey(e.getKey()) && e.getValue() != null) {
                    walk(e.getValue(), (Map<String, Object>) props.get(e.getKey()), join(path, e.getKey()), m, e.getKey(),
                            req.contains(e.getKey()), out);
                }
            }
        } else if (value instanceof List<?> l && "array".equals(type(schema))) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), (Map<String, Object>) schema.get("items"), path + "[" + i + "]", l, i, true, out);
            }
        }
    }

    /** One mutation of the node, or null when the one drawn does not apply to it. */
    @SuppressWarnings("unchecked")
    private Case mutate(Random r, Object body, Node n) {
        Map<String, Object> s = n.schema();
        String type = type(s);
        String field = at(n.path());
        return switch (r.nextInt(13)) {
            case 0 -> refused("wrong type", set(body, n, wrongType(r, type)), field);
            case 1 -> n.parent() == null || n.parent() instanceof List<?> || n.required()
                    ? refused("null required", set(body, n, null), field)
                    : new Case("null optional", write(set(body, n, null)), Expect.ANY, null, null);
            case 2 -> {
                if (!(n.parent() instanceof Map<?, ?> m) || !n.required()) {
                    yield null;
                }
                m.remove(n.key());
                yield refused("missing", body, field);
            }
            case 3 -> {
                if (!(n.value() instanceof Map<?, ?> m)) {
                    yield null;
                }
                put(m, "unexpected", r.nextBoolean() ? "x" : List.of(1, 2));
                yield new Case("unknown field", write(body), Expect.REFUSED, join(n.path(), "unexpected"), "unknown_field");
            }
            case 4 -> s.get("enum") instanceof List<?> ? refused("bad enum", set(body, n, "NOT_A_CODE"), field) : null;
            case 5 -> dates(r, body, n, field);
            case 6 -> length(r, body, n, field);
            case 7 -> number(r, body, n, field);
            case 8 -> items(r, body, n, field);
            case 9 -> {
                if (!(n.value() instanceof Map<?, ?> m) || m.isEmpty()) {
                    yield null;
                }
                List<String> keys = new ArrayList<>(((Map<String, Object>) m).keySet());
                String key = keys.get(r.nextInt(keys.size()));
                put(m, DUP, m.get(key));
                byte[] b = bytes(json.apply(body).replace("\"" + DUP + "\"", "\"" + key + "\""));
                yield new Case("duplicated key", b, Expect.REFUSED, join(n.path(), key), null);
            }
            case 10 -> {
                if (!(n.value() instanceof Map<?, ?> m)) {
                    yield null;
                }
                int depth = 33 + r.nextInt(r.nextBoolean() ? 100 : 5_000);
                put(m, r.nextBoolean() ? "nested" : firstKeyOr(m, "nested"), RAW);
                String nested = r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                yield new Case("deep nesting", bytes(json.apply(body).replace("\"" + RAW + "\"", nested)), Expect.REFUSED,
                        null, null);
            }
            case 11 -> {
                if (!"string".equals(type) || s.containsKey("enum") || s.containsKey("format")) {
                    yield null;
                }
                int max = s.get("maxLength") instanceof Integer m ? m : 64;
                StringBuilder odd = new StringBuilder();
                while (odd.codePointCount(0, odd.length()) < 1 + r.nextInt(Math.min(max, 12))) {
                    odd.append(RequestFuzzer.ODD[r.nextInt(RequestFuzzer.ODD.length)]);
                }
                String text = odd.codePointCount(0, odd.length()) > max ? odd.substring(0, odd.offsetByCodePoints(0, max))
                        : odd.toString();
                yield new Case("odd text", write(set(body, n, text)), Expect.ANY, null, null);
            }
            default -> {
                // a long array the contract sets no limit to, or a long one within it
                if (!(n.value() instanceof List<?> l) || l.isEmpty()) {
                    yield null;
                }
                int limit = s.get("maxItems") instanceof Integer max ? max : 520;
                int size = Math.min(limit, 20 + r.nextInt(500));
                List<Object> longer = Collections.nCopies(size, l.get(0));
                if ((long) json.apply(l.get(0)).length() * size > MAX_SENT) {
                    yield null;
                }
                yield new Case("long array", write(set(body, n, longer)), Expect.ANY, null, null);
            }
        };
    }

    private static Object wrongType(Random r, String type) {
        Object[] others = switch (type) {
            case "object" -> new Object[]{"text", 42, List.of(), true};
            case "array" -> new Object[]{"text", Map.of("a", 1), 7, false};
            case "string" -> new Object[]{42, true, Map.of(), List.of("x"), 1.5};
            case "integer" -> new Object[]{"7", 7.5, true, List.of(7)};
            case "number" -> new Object[]{"7", true, Map.of()};
            default -> new Object[]{"true", 1, List.of()};
        };
        return others[r.nextInt(others.length)];
    }

    private Case dates(Random r, Object body, Node n, String field) {
        Object format = n.schema().get("format");
        boolean date = "date".equals(format);
        if (!"string".equals(type(n.schema())) || !(date || "date-time".equals(format))) {
            return null;
        }
        String[] bad = date ? BAD_DATES : BAD_TIMES;
        String[] edge = date ? EDGE_DATES : EDGE_TIMES;
        if (r.nextInt(3) == 0) {
            return new Case("date at the edge", write(set(body, n, edge[r.nextInt(edge.length)])), Expect.ANY, null, null);
        }
        return refused(date ? "bad date" : "bad date-time", set(body, n, bad[r.nextInt(bad.length)]), field);
    }

    private Case length(Random r, Object body, Node n, String field) {
        Map<String, Object> s = n.schema();
        if (!"string".equals(type(s)) || s.containsKey("enum") || s.containsKey("format")) {
            return null;
        }
        int pick = r.nextInt(3);
        if (pick == 0 && s.get("minLength") instanceof Integer min) {
            return refused("too short", set(body, n, "x".repeat(min - 1)), field);
        }
        if (!(s.get("maxLength") instanceof Integer max)) {
            return null;
        }
        if (pick == 1) {
            // at the limit in characters outside the BMP: two UTF-16 units each, four bytes in UTF-8
            return new Case("longest", write(set(body, n, "🧒".repeat(max))), Expect.ANY, null, null);
        }
        String unit = new String[]{"x", "学", "🧒", "e\u0301"}[r.nextInt(4)];
        // counted in code points, as the contract counts: a combining accent is a code point of its own
        String text = unit.repeat(max / unit.codePointCount(0, unit.length()) + 1);
        return refused("too long", set(body, n, text), field);
    }

    private Case number(Random r, Object body, Node n, String field) {
        Map<String, Object> s = n.schema();
        if (!"integer".equals(type(s))) {
            return null;
        }
        return switch (r.nextInt(3)) {
            case 0 -> s.get("maximum") instanceof Integer max
                    ? refused("above maximum", set(body, n, BigInteger.valueOf(max).add(BigInteger.ONE)), field) : null;
            case 1 -> s.get("minimum") instanceof Integer min
                    ? refused("below minimum", set(body, n, BigInteger.valueOf(min).subtract(BigInteger.ONE)), field) : null;
            default -> {
                String raw = new String[]{"99999999999999999999999", "1e400", "-9223372036854775809", "2147483648",
                        "1.0e2"}[r.nextInt(5)];
                yield new Case("number overflow", bytes(new String(write(set(body, n, RAW)), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"" + RAW + "\"", raw)),
                        Expect.REFUSED, field, null);
            }
        };
    }

    private Case items(Random r, Object body, Node n, String field) {
        Map<String, Object> s = n.schema();
        if (!(n.value() instanceof List<?> l)) {
            return null;
        }
        if (s.get("minItems") instanceof Integer min && min > 0 && r.nextBoolean()) {
            return refused("too few items", set(body, n, new ArrayList<>(l.subList(0, Math.min(l.size(), min - 1)))), field);
        }
        // a list of a quarter of a million rows is read row by row before it is refused: tried, but rarely
        if (!(s.get("maxItems") instanceof Integer max) || l.isEmpty() || max > 10_000 && r.nextInt(10) > 0) {
            return null;
        }
        // the smallest item that is valid (an empty object where nothing is required), so only the count is wrong
        Object item = l.get(0);
        Map<String, Object> itemSchema = resolve(asMap(s.get("items")));
        if ("object".equals(type(itemSchema)) && !itemSchema.containsKey("required")) {
            item = Map.of();
        }
        if ((long) json.apply(item).length() * (max + 1) > MAX_SENT) {
            return null;
        }
        return refused("huge array", set(body, n, Collections.nCopies(max + 1, item)), field);
    }

    // ---------------------------------------------------------------- the tree

    private Case refused(String kind, Object body, String field) {
        return new Case(kind, write(body), Expect.REFUSED, field, null);
    }

    private byte[] write(Object body) {
        return bytes(body == null ? "null" : json.apply(body));
    }

    /** Sets the node's value in its container; the body, which is the new value when the node is the body. */
    @SuppressWarnings("unchecked")
    private static Object set(Object body, Node n, Object value) {
        if (n.parent() == null) {
            return value;
        }
        if (n.parent() instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put((String) n.key(), value);
        } else {
            ((List<Object>) n.parent()).set((Integer) n.key(), value);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<?, ?> m, String key, Object value) {
        ((Map<String, Object>) m).put(key, value);
    }

    private static String firstKeyOr(Map<?, ?> m, String otherwise) {
        return m.isEmpty() ? otherwise : (String) m.keySet().iterator().next();
    }

    private Map<String, Object> resolve(Map<String, Object> schema) {
        while (schema.get("$ref") instanceof String ref) {
            schema = contract.schema(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    private static String type(Map<String, Object> schema) {
        return (String) schema.getOrDefault("type", "object");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(String path) {
        return path.isEmpty() ? "body" : path;
    }

    /** A deep, mutable copy of a body of maps, lists and values. */
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }
}
