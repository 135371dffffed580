package kcbx.system;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks a request body against the request schema that openapi/decision-api.yaml gives its
 * operation, before any deserialisation: unknown fields, wrong types, values outside an enum,
 * dates and times that do not exist, limits. The contract is the one source of truth, so a field added to
 * the YAML is validated without Java changes. Messages never repeat the offending value.
 */
@Singleton
public class ContractValidator {
    static final String SPEC = "openapi/decision-api.yaml";

    private static final java.util.regex.Pattern DATE_TIME = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private final Map<String, Object> schemas;
    private final Map<String, Map<String, Object>> requestSchemas = new LinkedHashMap<>();
    private final java.util.Set<String> optionalBodies = new java.util.HashSet<>();
    /** Every schema of the contract made into its checks, by name. */
    private final Map<String, Node> components = new java.util.HashMap<>();
    /** The request bodies' schemas made into their checks, by the schema map requestSchema gives. */
    private final Map<Map<String, Object>, Node> requestNodes = new java.util.IdentityHashMap<>();

    @SuppressWarnings("unchecked")
    public ContractValidator() {
        Map<String, Object> spec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is not on the classpath");
            }
            spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        List<Ref> refs = new ArrayList<>(); // each pointed at its schema once all are made
        schemas.forEach((name, schema) -> components.put(name, compile((Map<String, Object>) schema, name, refs)));
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        paths.forEach((path, ops) -> ((Map<String, Object>) ops).forEach((method, op) -> {
            if (op instanceof Map<?, ?> m && m.get("requestBody") instanceof Map<?, ?> rb
                    && rb.get("content") instanceof Map<?, ?> content
                    && content.get("application/json") instanceof Map<?, ?> json
                    && json.get("schema") instanceof Map<?, ?> schema) {
                String key = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                requestSchemas.put(key, (Map<String, Object>) schema);
                requestNodes.put((Map<String, Object>) schema, compile((Map<String, Object>) schema, null, refs));
                if (Boolean.FALSE.equals(rb.get("required")) || rb.get("required") == null) {
                    optionalBodies.add(key);
                }
            }
        }));
        refs.forEach(r -> r.target = components.get(r.name));
    }

    /** The request schema of the operation at this method and path, if the contract gives it a JSON body. */
    public Optional<Map<String, Object>> requestSchema(String method, String path) {
        return operation(method, path).map(requestSchemas::get);
    }

    /** True when the contract lets this operation's body be left out (OpenAPI's requestBody.required is false by default). */
    public boolean bodyOptional(String method, String path) {
        return operation(method, path).map(optionalBodies::contains).orElse(false);
    }

    private Optional<String> operation(String method, String path) {
        for (String op : requestSchemas.keySet()) {
            String[] key = op.split(" ", 2);
            if (key[0].equals(method) && matches(key[1], path)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** All problems of this body against this schema; empty when it conforms. */
    public List<FieldProblem> validate(Map<String, Object> schema, byte[] body) {
        return checked(schema, body).errors();
    }

    /**
     * A body read and checked: the tree it was read into (maps, lists, strings, whole numbers as
     * BigInteger, other numbers as BigDecimal, booleans; null where the body is not well-formed
     * JSON) and its problems against the schema, none when it conforms. A conforming tree binds to
     * the contract's model with {@link TreeBinder} without reading the body again.
     */
    public record Checked(Object tree, List<FieldProblem> errors) {
    }

    /** As {@link #validate}, keeping the tree read. */
    public Checked checked(Map<String, Object> schema, byte[] body) {
        try {
            Object tree = JsonTree.parse(body);
            List<FieldProblem> errors = new ArrayList<>();
            check(schema, tree, At.ROOT, errors);
            return new Checked(tree, errors);
        } catch (JsonTree.Malformed m) {
            return new Checked(null, List.of(m.problem));
        }
    }

    /**
     * Problems of one value against a named schema of the contract, with fields located under
     * {@code path}: for bodies read as a stream, one row at a time.
     */
    public List<FieldProblem> validateValue(String schemaName, Object value, String path) {
        if (!schemas.containsKey(schemaName)) {
            throw new IllegalArgumentException("The contract has no schema " + schemaName);
        }
        List<FieldProblem> errors = new ArrayList<>();
        components.get(schemaName).check(value, At.root(path), errors);
        return errors;
    }

    /** A named schema of the contract, as a map, for readers that walk it themselves. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> schema(String schemaName) {
        Object s = schemas.get(schemaName);
        if (s == null) {
            throw new IllegalArgumentException("The contract has no schema " + schemaName);
        }
        return (Map<String, Object>) s;
    }

    private static boolean matches(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i].startsWith("{") || t[i].equals(p[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Problems of a value against a schema of the contract or one given inline. */
    private void check(Map<String, Object> schema, Object value, At at, List<FieldProblem> errors) {
        Node node = schema.size() == 1 && schema.get("$ref") instanceof String ref ? component(ref) : requestNodes.get(schema);
        if (node == null) { // a schema given inline by a caller: made now, its references resolved as it is made
            node = compile(schema, null, null);
        }
        node.check(value, at, errors);
    }

    private Node component(String ref) {
        Node node = components.get(ref.substring(ref.lastIndexOf('/') + 1));
        if (node == null) {
            throw new IllegalStateException("The contract has no schema " + ref);
        }
        return node;
    }

    /**
     * A schema of the contract made once into the checks it stands for: walking the YAML's maps
     * for every value (the keyword look-ups, a reference's name cut from its path each time) was
     * most of the check's time, some 5 % of the batch's. Each check gives the problems the walk gave.
     */
    private abstract static class Node {
        abstract void check(Object value, At at, List<FieldProblem> errors);
    }

    /** A $ref, resolved once every component is made (a schema may name itself or one made later). */
    private static final class Ref extends Node {
        private final String name;
        private Node target;

        Ref(String name) {
            this.name = name;
        }

        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (target == null) {
                throw new IllegalStateException("The contract has no schema " + name);
            }
            target.check(value, at, errors);
        }
    }

    @SuppressWarnings("unchecked")
    /** The checks of a schema; its references go into {@code refs} to be resolved later, or are resolved now when it is null. */
    private Node compile(Map<String, Object> schema, String name, List<Ref> refs) {
        if (schema.get("$ref") instanceof String ref) {
            Ref r = new Ref(ref.substring(ref.lastIndexOf('/') + 1));
            if (refs == null) {
                r.target = components.get(r.name);
            } else {
                refs.add(r);
            }
            return r;
        }
        String type = (String) schema.getOrDefault("type", "object");
        return switch (type) {
            case "object" -> {
                Map<String, Node> props = new java.util.HashMap<>();
                ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
                        .forEach((key, prop) -> props.put(key, compile((Map<String, Object>) prop, null, refs)));
                List<String> required = ((List<Object>) schema.getOrDefault("required", List.of())).stream()
                        .map(Object::toString).toList();
                yield new ObjectNode(name, props, required);
            }
            case "array" -> new ArrayNode(schema.get("minItems") instanceof Integer min ? min : null,
                    schema.get("maxItems") instanceof Integer max ? max : null,
                    schema.get("items") instanceof Map<?, ?> items ? compile((Map<String, Object>) items, null, refs) : ANY);
            case "string" -> new StringNode(schema);
            case "integer" -> new IntegerNode(schema);
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            default -> ANY; // a schema type this validator does not know: leave it to deserialisation
        };
    }

    private static final class ObjectNode extends Node {
        private final String name;
        private final Map<String, Node> props;
        private final List<String> required;

        ObjectNode(String name, Map<String, Node> props, List<String> required) {
            this.name = name;
            this.props = props;
            this.required = required;
        }

        @Override
        @SuppressWarnings("unchecked")
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof Map<?, ?> raw)) {
                errors.add(new FieldProblem(at.where(), "must be a JSON object"));
                return;
            }
            Map<String, Object> obj = (Map<String, Object>) raw;
            for (String req : required) {
                if (!obj.containsKey(req)) {
                    errors.add(new FieldProblem(at.key(req).path(), "is required"));
                } else if (obj.get(req) == null) {
                    errors.add(new FieldProblem(at.key(req).path(), "must not be null"));
                }
            }
            for (Map.Entry<String, Object> e : obj.entrySet()) {
                Node prop = props.get(e.getKey());
                if (prop == null) {
                    errors.add(new FieldProblem(at.key(FieldNames.safe(e.getKey())).path(), "is not a field of "
                            + (name == null ? "this object" : name)));
                } else if (e.getValue() != null) {
                    prop.check(e.getValue(), at.key(e.getKey()), errors);
                }
            }
        }
    }

    private static final class ArrayNode extends Node {
        private final Integer min;
        private final Integer max;
        private final Node items;

        ArrayNode(Integer min, Integer max, Node items) {
            this.min = min;
            this.max = max;
            this.items = items;
        }

        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof List<?> list)) {
                errors.add(new FieldProblem(at.where(), "must be a JSON array"));
                return;
            }
            if (max != null && list.size() > max) {
                errors.add(new FieldProblem(at.where(), "has " + list.size() + " items; at most " + max + " are allowed"));
                return;
            }
            if (min != null && list.size() < min) {
                errors.add(new FieldProblem(at.where(), "has " + list.size() + " items; at least " + min + " are needed"));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    errors.add(new FieldProblem(at.index(i).path(), "must not be null"));
                } else {
                    items.check(list.get(i), at.index(i), errors);
                }
            }
        }
    }

    private static final class StringNode extends Node {
        private final java.util.Set<Object> allowed;
        private final String oneOf;
        private final Object format;
        private final Integer maxLength;
        private final Integer minLength;

        StringNode(Map<String, Object> schema) {
            if (schema.get("enum") instanceof List<?> values) {
                allowed = new java.util.HashSet<>(values);
                oneOf = "must be one of " + String.join(", ", values.stream().map(String::valueOf).toList());
            } else {
                allowed = null;
                oneOf = null;
            }
            format = schema.get("format");
            maxLength = schema.get("maxLength") instanceof Integer max ? max : null;
            minLength = schema.get("minLength") instanceof Integer min ? min : null;
        }

        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof String s)) {
                errors.add(new FieldProblem(at.where(), "must be a string"));
                return;
            }
            if (allowed != null && !allowed.contains(s)) {
                errors.add(new FieldProblem(at.where(), oneOf));
                return;
            }
            if ("date".equals(format)) {
                if (!isCalendarDate(s)) {
                    errors.add(new FieldProblem(at.where(), "must be a real calendar date written YYYY-MM-DD"));
                }
                return;
            }
            if ("date-time".equals(format)) {
                // RFC 3339 as the contract means it: a time of a real day, with its offset
                try {
                    if (!DATE_TIME.matcher(s).matches()) {
                        throw new DateTimeParseException("not RFC 3339", s, 0);
                    }
                    OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME.withResolverStyle(ResolverStyle.STRICT));
                } catch (DateTimeParseException e) {
                    errors.add(new FieldProblem(at.where(), "must be a date-time with an offset, e.g. 2025-09-10T08:00:00+08:00"));
                }
                return;
            }
            if (maxLength == null && minLength == null) {
                return;
            }
            int length = s.codePointCount(0, s.length());
            if (maxLength != null && length > maxLength) {
                errors.add(new FieldProblem(at.where(), "is longer than " + maxLength + " characters"));
            }
            if (minLength != null && length < minLength) {
                errors.add(new FieldProblem(at.where(), minLength == 1 ? "must not be empty" : "is shorter than " + minLength + " characters"));
            }
        }
    }

    private static final class IntegerNode extends Node {
        private final Integer min;
        private final Integer max;
        private final String between;

        IntegerNode(Map<String, Object> schema) {
            min = schema.get("minimum") instanceof Integer m ? m : null;
            max = schema.get("maximum") instanceof Integer m ? m : null;
            between = "must be between " + schema.get("minimum") + " and " + schema.get("maximum");
        }

        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof BigInteger n)) {
                errors.add(new FieldProblem(at.where(), "must be a whole number"));
                return;
            }
            if (min != null && n.compareTo(BigInteger.valueOf(min)) < 0 || max != null && n.compareTo(BigInteger.valueOf(max)) > 0) {
                errors.add(new FieldProblem(at.where(), between));
            } else if (n.bitLength() > 31) {
                errors.add(new FieldProblem(at.where(), "is too large"));
            }
        }
    }

    private static final Node NUMBER = new Node() {
        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof BigInteger || value instanceof BigDecimal)) {
                errors.add(new FieldProblem(at.where(), "must be a number"));
            }
        }
    };

    private static final Node BOOLEAN = new Node() {
        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
            if (!(value instanceof Boolean)) {
                errors.add(new FieldProblem(at.where(), "must be true or false"));
            }
        }
    };

    private static final Node ANY = new Node() {
        @Override
        void check(Object value, At at, List<FieldProblem> errors) {
        }
    };

    /**
     * YYYY-MM-DD with four digits of year (as RFC 3339 writes it) naming a day that exists, as
     * {@code uuuu-MM-dd} parsed strictly would accept, without building a parser's field map for
     * each of a term's hundred attendance dates.
     */
    static boolean isCalendarDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        int year = Integer.parseInt(s, 0, 4, 10);
        int month = Integer.parseInt(s, 5, 7, 10);
        int day = Integer.parseInt(s, 8, 10, 10);
        return month >= 1 && month <= 12 && day >= 1
                && day <= java.time.Month.of(month).length(java.time.chrono.IsoChronology.INSTANCE.isLeapYear(year));
    }

    /**
     * Where a value sits in the body, spelled out only when a problem names it: a term's
     * attendance has hundreds of fields, and almost every request has no problem at all.
     */
    private static final class At {
        static final At ROOT = new At(null, null, -1, "");
        private final At parent;
        private final String key;
        private final int index;
        private final String prefix;

        private At(At parent, String key, int index, String prefix) {
            this.parent = parent;
            this.key = key;
            this.index = index;
            this.prefix = prefix;
        }

        static At root(String prefix) {
            return new At(null, null, -1, prefix);
        }

        At key(String name) {
            return new At(this, name, -1, null);
        }

        At index(int i) {
            return new At(this, null, i, null);
        }

        /** The path as problems write it: student.id, attendance[3].date; empty at the body itself. */
        String path() {
            if (parent == null) {
                return prefix;
            }
            String p = parent.path();
            if (key != null) {
                return p.isEmpty() ? key : p + "." + key;
            }
            return (p.isEmpty() ? "body" : p) + "[" + index + "]";
        }

        /** The field a problem of this value names: the path, or body for the body itself. */
        String where() {
            String p = path();
            return p.isEmpty() ? "body" : p;
        }
    }
}
