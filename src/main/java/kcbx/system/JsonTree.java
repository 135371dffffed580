package kcbx.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON body into plain maps, lists and values, refusing what a lenient reader lets
 * through: duplicated keys, nesting deeper than a request ever needs, and anything after the
 * value. Errors name the JSON path where reading stopped.
 */
final class JsonTree {
    static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A body that is not well-formed JSON, located. */
    static final class Malformed extends Exception {
        final FieldProblem problem;

        Malformed(FieldProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private JsonTree() {
    }

    static Object parse(byte[] body) throws Malformed {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Malformed(new FieldProblem("body", "is empty"));
            }
            Object value = read(p, first, 1);
            if (p.nextToken() != null) {
                throw new Malformed(new FieldProblem("body", "has more after the JSON value (line "
                        + p.currentLocation().getLineNr() + ")"));
            }
            return value;
        } catch (JsonParseException e) {
            String path = path(e.getProcessor());
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new Malformed(new FieldProblem(path, "appears twice; send each key once"));
            }
            throw new Malformed(new FieldProblem("body", "is not well-formed JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + (path.equals("body") ? "" : ", inside " + path) + ")"));
        } catch (IOException e) {
            throw new Malformed(new FieldProblem("body", "could not be read"));
        }
    }

    static Object read(JsonParser p, JsonToken t, int depth) throws IOException, Malformed {
        if (depth > MAX_DEPTH && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
            throw new Malformed(new FieldProblem(path(p), "nests deeper than " + MAX_DEPTH + " levels"));
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = text(p, p.currentName());
                    map.put(name, read(p, p.nextToken(), depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    list.add(read(p, v, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return text(p, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getBigIntegerValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Malformed(new FieldProblem(path(p), "is not well-formed JSON"));
        }
    }

    /**
     * A string of the body, refused when it holds half of a UTF-16 surrogate pair ("\\ud800"
     * escaped in JSON): no database stores such a string as it is, so a record holding one could
     * not be read back as it was hashed into the audit chain.
     */
    private static String text(JsonParser p, String s) throws Malformed {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Malformed(new FieldProblem(path(p), "is not valid Unicode text (half of a surrogate pair at"
                        + " character " + (i + 1) + ")"));
            }
        }
        return s;
    }

    /** "student.id", "attendance[3].date"; "body" at the top. */
    static String path(JsonParser p) {
        if (p == null) {
            return "body";
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            return "body";
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.substring(1).split("/", -1)) {
            String s = seg.replace("~1", "/").replace("~0", "~");
            if (FieldNames.isIndex(s)) {
                sb.append('[').append(s).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(FieldNames.safe(s));
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
