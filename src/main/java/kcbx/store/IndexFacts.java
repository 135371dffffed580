package kcbx.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.Flag;
import kcbx.api.model.Ledger;
import kcbx.api.model.Student;

/**
 * What the indexes kept beside a decision (the flag index, the report index and ledgers) read of
 * it: the student's township and registry status from the request, the flag codes and ledgers
 * from the decision. Taken from the objects when a decision is made ({@link #of}: nothing is
 * parsed on the way to the database) and from the stored JSON when verify or the backfill checks
 * the kept rows ({@link #parse}); IndexFactsTest holds the two equal on every fixture.
 */
public record IndexFacts(String township, String registryStatus, SortedSet<String> flagCodes,
                         SortedSet<String> ledgers) {
    private static final JsonFactory JSON = new JsonFactory();

    public IndexFacts {
        flagCodes = Collections.unmodifiableSortedSet(new TreeSet<>(flagCodes));
        ledgers = Collections.unmodifiableSortedSet(new TreeSet<>(ledgers));
    }

    /** From the request and the decision made of it. */
    public static IndexFacts of(DecisionRequest request, Decision decision) {
        Student student = request.getStudent();
        TreeSet<String> flags = new TreeSet<>();
        for (Flag f : decision.getFlags() == null ? java.util.List.<Flag>of() : decision.getFlags()) {
            flags.add(f.getCode().getValue());
        }
        TreeSet<String> ledgers = new TreeSet<>();
        for (Ledger l : decision.getLedgers() == null ? java.util.List.<Ledger>of() : decision.getLedgers()) {
            ledgers.add(l.getValue());
        }
        return new IndexFacts(student.getTownship(), student.getRegistryStatus(), flags, ledgers);
    }

    /**
     * From the stored JSON, streaming over it and skipping the rest (the request's term of
     * attendance and the decision's explanations are most of the text).
     */
    public static IndexFacts parse(String requestJson, String decisionJson) {
        Reading r = new Reading();
        try {
            try (JsonParser p = JSON.createParser(requestJson)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    r.request(p);
                }
            }
            try (JsonParser p = JSON.createParser(decisionJson)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    r.decision(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a stored decision does not hold JSON", e);
        }
        return r.facts();
    }

    /**
     * From a decision's chained text ({@code DecisionRecordSql.canonical}), which holds its request
     * and decision JSON verbatim as the fields "request" and "decision": what verify has read and
     * hashed already, so the kept rows are checked without reading the row's JSON again.
     */
    public static IndexFacts ofChained(String canonical) {
        Reading r = new Reading();
        try (JsonParser p = JSON.createParser(canonical)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                eachField(p, (field, value) -> {
                    if (field.equals("request") && value == JsonToken.START_OBJECT) {
                        r.request(p);
                    } else if (field.equals("decision") && value == JsonToken.START_OBJECT) {
                        r.decision(p);
                    } else {
                        p.skipChildren();
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a chained decision's text is not JSON", e);
        }
        return r.facts();
    }

    /** What to do with one field of an object: its name and the token of its value, the parser on it. */
    @FunctionalInterface
    private interface FieldReader {
        void read(String field, JsonToken value) throws IOException;
    }

    /**
     * Each field of the object the parser is on (at its START_OBJECT), in order, to {@code reader},
     * which reads or skips the value; returns on the object's END_OBJECT.
     */
    private static void eachField(JsonParser p, FieldReader reader) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            reader.read(field, p.nextToken());
        }
    }

    /** The facts as they are read; each reader starts on its object's START_OBJECT and ends on its END_OBJECT. */
    private static final class Reading {
        private String township;
        private String status;
        private final TreeSet<String> flags = new TreeSet<>();
        private final TreeSet<String> ledgers = new TreeSet<>();

        void request(JsonParser p) throws IOException {
            eachField(p, (field, value) -> {
                if (field.equals("student") && value == JsonToken.START_OBJECT) {
                    eachField(p, (key, v) -> {
                        if (key.equals("township") && v == JsonToken.VALUE_STRING) {
                            township = p.getText();
                        } else if (key.equals("registryStatus") && v == JsonToken.VALUE_STRING) {
                            status = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    });
                } else {
                    p.skipChildren();
                }
            });
        }

        void decision(JsonParser p) throws IOException {
            eachField(p, (field, value) -> {
                if (field.equals("flags") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        eachField(p, (key, v) -> {
                            if (v == JsonToken.VALUE_STRING && key.equals("code")) {
                                flags.add(p.getText());
                            } else {
                                p.skipChildren();
                            }
                        });
                    }
                } else if (field.equals("ledgers") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        ledgers.add(p.getText());
                    }
                } else {
                    p.skipChildren();
                }
            });
        }

        IndexFacts facts() {
            return new IndexFacts(township, status, flags, ledgers);
        }
    }
}
