package kcbx.decision;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.List;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionPage;
import kcbx.api.model.FlagCode;
import kcbx.store.DecisionQuery;
import kcbx.store.DecisionRecord;
import kcbx.store.DecisionStore;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/** Pages through stored decisions, newest first, each exactly as it was returned when made. */
@Singleton
class DecisionSearch {
    private final DecisionStore store;
    private final JsonMapper json;

    DecisionSearch(DecisionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    DecisionPage search(String studentId, String schoolId, String profile, FlagCode flag, ZonedDateTime from,
                        ZonedDateTime to, String after, int limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must be after from")));
        }
        // one row more than the page tells whether there is a next page without a second query
        List<DecisionRecord> rows = store.search(new DecisionQuery(studentId, schoolId, profile,
                flag == null ? null : flag.getValue(), from == null ? null : from.toInstant().toEpochMilli(),
                to == null ? null : to.toInstant().toEpochMilli(), after == null ? null : Long.valueOf(after),
                limit + 1, false));
        List<DecisionRecord> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        DecisionPage result = new DecisionPage(page.stream().map(r -> read(r.decisionJson())).toList());
        if (rows.size() > limit) {
            result.setNextAfter(String.valueOf(page.get(page.size() - 1).id()));
        }
        return result;
    }

    private Decision read(String text) {
        try {
            return json.readValue(text, Decision.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
