package kcbx.reconciliation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kcbx.facts.RegistryList;
import kcbx.system.ContractValidator;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.system.StreamingJson;
import kcbx.facts.Dates;

/**
 * Reads a reconciliation request as it arrives: the top-level fields one by one and each list
 * row by row, every row checked against the contract's RegistryRow schema before it is kept.
 * No tree of the whole body is ever built. A bad body is refused with up to
 * {@value #MAX_ERRORS} offending fields named by JSON path (schoolRegistry[1234].birthDate);
 * a body that is not JSON is refused at the place reading stopped.
 */
@Singleton
class RequestReader {
    static final int MAX_ERRORS = 100;
    private static final String REQUEST = "ReconciliationRequest";
    private static final String ROW = "RegistryRow";

    /** What the body said, rows stored column-wise. */
    record Parsed(String profile, LocalDate asOf, RowTable rows) {
    }

    private final ContractValidator contract;
    private final int maxItems;

    RequestReader(ContractValidator contract) {
        this.contract = contract;
        this.maxItems = maxItems(contract);
    }

    Parsed read(InputStream body) {
        try (JsonParser p = StreamingJson.open(body)) {
            return read(p);
        } catch (JsonParseException e) {
            throw StreamingJson.malformed(e);
        } catch (IOException e) {
            throw StreamingJson.unreadable(e);
        }
    }

    private Parsed read(JsonParser p) throws IOException {
        JsonToken first = StreamingJson.next(p);
        if (first == null) {
            throw StreamingJson.malformed(new FieldProblem("body", "is empty"));
        }
        List<FieldProblem> errors = new ArrayList<>();
        if (first != JsonToken.START_OBJECT) {
            throw ProblemException.invalid(List.of(new FieldProblem("body", "must be a JSON object")));
        }
        Map<String, Object> scalars = new LinkedHashMap<>();
        RowTable rows = new RowTable();
        for (JsonToken t = StreamingJson.next(p); t != JsonToken.END_OBJECT; t = StreamingJson.next(p)) {
            String name = p.currentName();
            JsonToken value = StreamingJson.next(p);
            RegistryList list = RegistryList.ofField(name);
            if (list != null) {
                readList(p, value, list, rows, errors);
            } else {
                scalars.put(name, StreamingJson.readValue(p));
            }
            if (errors.size() >= MAX_ERRORS) {
                throw refused(errors);
            }
        }
        if (StreamingJson.next(p) != null) {
            throw StreamingJson.malformed(new FieldProblem("body", "has more after the JSON value (line "
                    + p.currentLocation().getLineNr() + ")"));
        }
        // the scalar fields (profile, asOf and anything unknown) against the request schema; lists were checked row by row
        errors.addAll(0, contract.validateValue(REQUEST, scalars, ""));
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        LocalDate asOf = LocalDate.parse((String) scalars.get("asOf"));
        if (asOf.isBefore(Dates.EARLIEST) || asOf.isAfter(Dates.LATEST)) {
            // the same window as a decision's asOf: a county reconciles the years it runs in
            throw refused(List.of(new FieldProblem("asOf", "must be between " + Dates.EARLIEST + " and "
                    + Dates.LATEST)));
        }
        return new Parsed((String) scalars.get("profile"), asOf, rows);
    }

    @SuppressWarnings("unchecked")
    private void readList(JsonParser p, JsonToken start, RegistryList list, RowTable rows, List<FieldProblem> errors)
            throws IOException {
        String field = list.field();
        if (start == JsonToken.VALUE_NULL) {
            return;
        }
        if (start != JsonToken.START_ARRAY) {
            errors.add(new FieldProblem(field, "must be a JSON array"));
            p.skipChildren();
            return;
        }
        int i = 0;
        for (JsonToken t = StreamingJson.next(p); t != JsonToken.END_ARRAY; t = StreamingJson.next(p), i++) {
            String where = field + "[" + i + "]";
            if (i >= maxItems) {
                errors.add(new FieldProblem(field, "has more than " + maxItems + " items; send at most " + maxItems));
                throw refused(errors);
            }
            if (t != JsonToken.START_OBJECT) {
                errors.add(new FieldProblem(where, t == JsonToken.VALUE_NULL ? "must not be null" : "must be a JSON object"));
                p.skipChildren();
                continue;
            }
            Map<String, Object> row = (Map<String, Object>) StreamingJson.readValue(p);
            List<FieldProblem> problems = contract.validateValue(ROW, row, where);
            if (!problems.isEmpty()) {
                errors.addAll(problems);
                if (errors.size() >= MAX_ERRORS) {
                    throw refused(errors);
                }
                continue;
            }
            Object birth = row.get("birthDate");
            Object grade = row.get("grade");
            rows.add(list, i, (String) row.get("ref"), (String) row.get("nationalId"),
                    birth == null ? null : LocalDate.parse((String) birth), (String) row.get("gender"),
                    grade == null ? null : ((BigInteger) grade).intValue(), (String) row.get("schoolId"),
                    (String) row.get("township"), (String) row.get("village"));
        }
    }

    private static ProblemException refused(List<FieldProblem> errors) {
        List<FieldProblem> shown = errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors;
        if (shown.stream().allMatch(e -> e.message().startsWith("is not a field of"))) {
            FieldProblem first = shown.get(0);
            return new ProblemException(HttpStatus.BAD_REQUEST, "unknown_field", "The request has unknown fields",
                    first.field() + " " + first.message() + ".", shown);
        }
        return ProblemException.invalid(shown);
    }

    @SuppressWarnings("unchecked")
    private static int maxItems(ContractValidator contract) {
        Map<String, Object> props = (Map<String, Object>) contract.schema(REQUEST).get("properties");
        Map<String, Object> household = (Map<String, Object>) props.get(RegistryList.HOUSEHOLD.field());
        return household.get("maxItems") instanceof Integer max ? max : Integer.MAX_VALUE;
    }
}
