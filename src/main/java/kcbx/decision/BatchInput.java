package kcbx.decision;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.system.StreamingJson;

/**
 * Cuts a batch body into its items' bytes without reading the items, so that each item is
 * validated, and fails, on its own: the elements of a JSON array, or the lines of an NDJSON
 * stream as they arrive.
 */
final class BatchInput {
    /** An NDJSON line longer than this is refused as an item: a full request is a few tens of kB. */
    static final int MAX_LINE = 1 << 20;
    /** Stands for a line cut short at {@link #MAX_LINE}: the item gets a problem, the stream goes on. */
    static final byte[] TOO_LONG = new byte[0];

    private BatchInput() {
    }

    /**
     * The elements of a top-level JSON array, each as its own bytes. Only the nesting and the
     * strings are followed here; whether an element is a well-formed request is its own affair.
     */
    static List<byte[]> arrayElements(byte[] body, int maxItems) {
        int i = skipSpace(body, 0);
        if (i >= body.length || body[i] != '[') {
            throw malformed("must be a JSON array of decision requests");
        }
        List<byte[]> items = new ArrayList<>();
        i = skipSpace(body, i + 1);
        if (i < body.length && body[i] == ']') {
            return end(body, i, items);
        }
        while (true) {
            int start = i;
            int depth = 0;
            boolean inString = false;
            for (; i < body.length; i++) {
                byte b = body[i];
                if (inString) {
                    if (b == '\\') {
                        i++;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (b == ',' && depth == 0) {
                    break;
                }
            }
            if (i >= body.length) {
                throw malformed("ends before the array is closed");
            }
            items.add(Arrays.copyOfRange(body, start, i));
            if (items.size() > maxItems) {
                throw ProblemException.invalid(List.of(new FieldProblem("body",
                        "has more than " + maxItems + " items; send larger sets as application/x-ndjson")));
            }
            if (body[i] == ']') {
                return end(body, i, items);
            }
            i = skipSpace(body, i + 1);
        }
    }

    private static List<byte[]> end(byte[] body, int close, List<byte[]> items) {
        if (skipSpace(body, close + 1) != body.length) {
            throw malformed("has more after the array");
        }
        return items;
    }

    private static int skipSpace(byte[] body, int i) {
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static ProblemException malformed(String message) {
        return ProblemException.contract(List.of(new FieldProblem("body", "is not well-formed JSON: " + message)));
    }

    /** The non-blank lines of an NDJSON stream, read as they are asked for. */
    static Iterator<byte[]> lines(InputStream in) {
        return new Iterator<>() {
            private final byte[] buffer = new byte[64 * 1024];
            private int pos;
            private int limit;
            private boolean eof;
            private byte[] next;

            @Override
            public boolean hasNext() {
                while (next == null && !(eof && pos >= limit)) {
                    next = readLine();
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] line = next;
                next = null;
                return line;
            }

            /** One line, or null for a blank one. */
            private byte[] readLine() {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(8192);
                boolean tooLong = false;
                while (true) {
                    if (pos >= limit && !fill()) {
                        break;
                    }
                    int start = pos;
                    while (pos < limit && buffer[pos] != '\n') {
                        pos++;
                    }
                    if (!tooLong) {
                        line.write(buffer, start, pos - start);
                        tooLong = line.size() > MAX_LINE;
                    }
                    if (pos < limit) {
                        pos++; // the newline
                        break;
                    }
                }
                if (tooLong) {
                    return TOO_LONG;
                }
                byte[] bytes = line.toByteArray();
                for (byte b : bytes) {
                    if (b != ' ' && b != '\r' && b != '\t') {
                        return bytes;
                    }
                }
                return null;
            }

            private boolean fill() {
                try {
                    int n = in.read(buffer);
                    if (n <= 0) {
                        eof = true;
                        pos = limit = 0;
                        return false;
                    }
                    pos = 0;
                    limit = n;
                    return true;
                } catch (IOException e) {
                    throw StreamingJson.unreadable(e); // over the request size limit: 413
                }
            }
        };
    }
}
