package kcbx.decision;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded generator of requests for the fuzz tests of the write endpoints: case i is the same on
 * every run. What one endpoint's bodies look like comes from its {@link Seeds}; the kinds of
 * case and their shares from a {@link Mix}. A case is valid (must succeed and be stored), invalid
 * with a known offending field (must be refused naming it), oversized (must be a 413), a
 * contract mutation of a valid body ({@link ContractMutator}), odd encodings, or a random
 * byte-level mutation of a valid body (anything but a 5xx; stored exactly when it succeeded).
 */
final class RequestFuzzer {
    enum Expect { DECIDED, REFUSED, TOO_LARGE, ANY }

    /**
     * One request and what must come of it. REFUSED: answered {@code status}, naming {@code field}
     * (any field when null) with {@code code} (any when null). {@code target} and
     * {@code mediaType}, when not null, replace the endpoint's path and media type; {@code parts}
     * are the expectations of a batch's items, in order.
     */
    record Case(String kind, byte[] body, Expect expect, String field, String code, int status, String target,
                String mediaType, List<Case> parts) {
        Case(String kind, byte[] body, Expect expect, String field, String code) {
            this(kind, body, expect, field, code, expect == Expect.TOO_LARGE ? 413 : expect == Expect.REFUSED ? 400 : 200,
                    null, null, List.of());
        }

        Case to(String otherTarget) {
            return new Case(kind, body, expect, field, code, status, otherTarget, mediaType, parts);
        }

        Case as(String otherMediaType) {
            return new Case(kind, body, expect, field, code, status, target, otherMediaType, parts);
        }

        Case answered(int otherStatus) {
            return new Case(kind, body, expect, field, code, otherStatus, target, mediaType, parts);
        }

        Case withParts(List<Case> items) {
            return new Case(kind, body, expect, field, code, status, target, mediaType, List.copyOf(items));
        }

        Case kind(String otherKind) {
            return new Case(otherKind, body, expect, field, code, status, target, mediaType, parts);
        }

        /** The same case as item {@code index} of a batch: its field named from the batch ({@code [3].student.id}). */
        Case item(int index) {
            String at = "[" + index + "]";
            return new Case(kind, body, expect, field == null ? null : field.equals("body") ? at : at + "." + field, code,
                    status, target, mediaType, parts);
        }
    }

    /** How one endpoint's bodies are made. */
    interface Seeds {
        /** Writes a body of maps, lists, strings, numbers and booleans as JSON. */
        Function<Object, String> json();

        /** A valid body for case {@code i}. */
        Object valid(Random r, int i);

        /** The endpoint's own invalid variants of a valid body, each naming its offending field. */
        Case known(Random r, Object valid);

        /** A body over the endpoint's configured limit. */
        Case oversized(Random r, Object valid);

        /** The contract schema (components/schemas) of the body, for {@link ContractMutator}. */
        default String schemaName() {
            return null;
        }

        /** The JSON tree of a valid body that the contract mutations and odd encodings change. */
        default Object tree(Object valid) {
            return valid;
        }

        /** The case of a valid body as it is. */
        default Case accepted(Object valid) {
            return new Case("valid", bytes(json().apply(valid)), Expect.DECIDED, null, null);
        }
    }

    /** Shares of the kinds of case, in thousandths; what is left are byte-level mutations. */
    record Mix(int oversized, int valid, int known, int contract, int odd) {
        /** POST /v1/decisions: its hand-written invalid requests cover every field the contract names. */
        static final Mix DECISIONS = new Mix(4, 296, 400, 0, 50);
    }

    /** Odd but legal text: emoji, CJK, right-to-left override, combining accent, zero-width space, NUL, Tibetan. */
    static final String[] ODD = {"🧒", "学生", "\u202e", "e\u0301", "\u200b", "\u0000", "བོད", "𠀋", "\uFEFF", "ǅ"};
    private static final String BYTES = "{}[],:\"\\ 0123456789.-+eEtrufalsn\u00e9\u4e2d";
    private static final String ESCAPED = "ODD-ESCAPED-MARK";
    private static final String RAW = "ODD-RAW-MARK";

    private final long seed;
    private final Seeds seeds;
    private final Mix mix;
    private final ContractMutator contract;

    RequestFuzzer(long seed, Seeds seeds, Mix mix, ContractMutator contract) {
        this.seed = seed;
        this.seeds = seeds;
        this.mix = mix;
        this.contract = contract;
    }

    Case next(int i) {
        Random r = new Random(seed * 1_000_003L + i);
        Object body = seeds.valid(r, i);
        Case valid = seeds.accepted(body);
        int pick = r.nextInt(1000);
        Case c;
        if ((pick -= mix.oversized()) < 0) {
            c = seeds.oversized(r, body);
        } else if ((pick -= mix.valid()) < 0) {
            return valid;
        } else if ((pick -= mix.known()) < 0) {
            c = seeds.known(r, body);
        } else if ((pick -= mix.contract()) < 0) {
            c = contract.mutate(r, seeds.tree(body), seeds.schemaName());
        } else if ((pick -= mix.odd()) < 0) {
            c = oddEncoding(r, seeds.tree(body));
        } else {
            c = new Case("byte-mutation", mutate(r, valid.body()), Expect.ANY, null, null);
        }
        c = c.target() == null ? c.to(valid.target()) : c;
        return c.mediaType() == null ? c.as(valid.mediaType()) : c;
    }

    // ---------------------------------------------------------------- odd encodings

    /**
     * Strings JSON allows to be written but that are not sound text (lone surrogates, NUL) in one
     * string of the body, and byte sequences that are not UTF-8 (overlong forms, encoded
     * surrogates, stray continuation bytes) in another. Whether such a request is refused or
     * accepted is the service's choice; it must not fail or store what it did not answer.
     */
    private Case oddEncoding(Random r, Object valid) {
        Object body = ContractMutator.copy(valid);
        List<Object[]> strings = new ArrayList<>();
        strings(body, null, null, strings);
        if (strings.isEmpty()) {
            return new Case("byte-mutation", mutate(r, bytes(seeds.json().apply(valid))), Expect.ANY, null, null);
        }
        set(strings.get(r.nextInt(strings.size())), ESCAPED);
        set(strings.get(r.nextInt(strings.size())), RAW);
        String[] escapes = {"\\ud800", "\\udfff\\ud800", "x\\u0000y", "\\ud83e", "\\uDBFF\\uDFFF", "\\u001f"};
        byte[][] raw = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE4, (byte) 0xB8}};
        byte[] bytes = bytes(seeds.json().apply(body).replace(ESCAPED, "fz-odd" + escapes[r.nextInt(escapes.length)]));
        byte[] marker = bytes(RAW);
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                bytes = splice(bytes, i, marker.length, raw[r.nextInt(raw.length)]);
                break;
            }
        }
        return new Case("odd encoding", bytes, Expect.ANY, null, null);
    }

    /** Where the strings of a body are: {container, key or index}. */
    @SuppressWarnings("unchecked")
    private static void strings(Object value, Object parent, Object key, List<Object[]> out) {
        if (value instanceof String && parent != null) {
            out.add(new Object[]{parent, key});
        } else if (value instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> strings(v, m, k, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                strings(l.get(i), l, i, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object[] place, String value) {
        if (place[0] instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put((String) place[1], value);
        } else {
            ((List<Object>) place[0]).set((Integer) place[1], value);
        }
    }

    // ---------------------------------------------------------------- byte-level

    static byte[] mutate(Random r, byte[] body) {
        byte[] b = body;
        for (int n = 1 + r.nextInt(4); n > 0 && b.length > 1; n--) {
            int at = r.nextInt(b.length);
            b = switch (r.nextInt(6)) {
                case 0 -> splice(b, at, 1 + r.nextInt(Math.min(8, b.length - at)), new byte[0]); // delete
                case 1 -> splice(b, at, 0, String.valueOf(BYTES.charAt(r.nextInt(BYTES.length())))
                        .getBytes(StandardCharsets.UTF_8)); // insert
                case 2 -> splice(b, at, 1, new byte[]{(byte) r.nextInt(256)}); // any byte, invalid UTF-8 included
                case 3 -> Arrays.copyOf(b, at); // truncate
                case 4 -> { // duplicate a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(40));
                    yield splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
                default -> splice(b, at, 0, "\\u".getBytes(StandardCharsets.US_ASCII)); // broken escape
            };
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** A map that writes its keys in the order given, so a seed gives the same bytes on every run. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
