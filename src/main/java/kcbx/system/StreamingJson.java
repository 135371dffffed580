package kcbx.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a body too large to hold as one tree token by token, turning one small value at a time
 * (a row of a list) into plain maps and values with the same strictness as the buffered check:
 * duplicated keys and deep nesting are refused, and every error names the JSON path.
 */
public final class StreamingJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StreamingJson() {
    }

    public static JsonParser open(InputStream in) throws IOException {
        return FACTORY.createParser(in);
    }

    /** The value that starts at the parser's current token, as maps, lists, strings, BigInteger, BigDecimal, booleans. */
    public static Object readValue(JsonParser p) throws IOException {
        try {
            return JsonTree.read(p, p.currentToken(), 2);
        } catch (JsonTree.Malformed m) {
            throw malformed(m.problem);
        }
    }

    /** The next token; a syntax error becomes a malformed_json problem naming where reading stopped. */
    public static JsonToken next(JsonParser p) throws IOException {
        try {
            return p.nextToken();
        } catch (JsonParseException e) {
            throw malformed(e);
        }
    }

    /** "householdRegistry[3].birthDate"; "body" at the top. */
    public static String path(JsonParser p) {
        return JsonTree.path(p);
    }

    public static ProblemException malformed(JsonParseException e) {
        String path = JsonTree.path(e.getProcessor());
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return malformed(new FieldProblem(path, "appears twice; send each key once"));
        }
        return malformed(new FieldProblem("body", "is not well-formed JSON (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + (path.equals("body") ? "" : ", inside " + path) + ")"));
    }

    /**
     * A body that could not be read to its end: larger than micronaut.server.max-request-size
     * (which Micronaut reports to the reader of a streamed body, not to the caller) is a 413;
     * anything else a 400.
     */
    public static ProblemException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentLengthExceededException) {
                return new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "Payload too large",
                        "The request body is larger than the configured limit.",
                        List.of(new FieldProblem("body", "is larger than micronaut.server.max-request-size")));
            }
        }
        return malformed(new FieldProblem("body", "could not be read"));
    }

    public static ProblemException malformed(FieldProblem problem) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "malformed_json", "Malformed JSON",
                problem.field() + " " + problem.message() + ".", List.of(problem));
    }
}
