package kcbx.reconciliation;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import kcbx.api.model.ReconciliationListItem;
import kcbx.api.model.ReconciliationPage;
import kcbx.api.model.ReconciliationSummary;
import kcbx.system.FieldProblem;
import kcbx.system.Jdbc;
import kcbx.system.ProblemException;
import kcbx.system.StorageFailure;

/**
 * Pages through stored reconciliations, newest first, as the decision search does: keyset paging
 * on the row id ({@code after} is the last id of the previous page), one row more than the page
 * read to know whether there is a next. Headers only: the findings stay where they are.
 */
@Singleton
class ReconciliationListing {
    private final TransactionOperations<Connection> tx;
    private final JsonMapper json;

    ReconciliationListing(TransactionOperations<Connection> tx, JsonMapper json) {
        this.tx = tx;
        this.json = json;
    }

    ReconciliationPage list(String profile, LocalDate from, LocalDate to, String after, int limit) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must not be before from")));
        }
        StringBuilder sql = new StringBuilder("SELECT id, reconciliation_id, profile, as_of, ruleset_version, created_at_ms,"
                + " finding_count, summary_json FROM reconciliation WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (profile != null && !profile.isEmpty()) {
            sql.append(" AND profile = ?");
            args.add(profile);
        }
        if (from != null) {
            sql.append(" AND as_of >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND as_of <= ?");
            args.add(to);
        }
        if (after != null) {
            sql.append(" AND id < ?");
            args.add(Long.valueOf(after));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit + 1);
        List<Object[]> rows;
        try {
            rows = Jdbc.read(tx, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i)); // a LocalDate as such: java.sql.Date shifts days before 1582
                    }
                    List<Object[]> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Object[] {rs.getLong(1), new ReconciliationListItem(rs.getString(2), rs.getString(5),
                                    rs.getString(3), rs.getObject(4, LocalDate.class),
                                    Instant.ofEpochMilli(rs.getLong(6)).atZone(ZoneOffset.UTC), rs.getLong(7),
                                    summary(rs.getString(8)))});
                        }
                    }
                    return out;
                }
            });
        } catch (RuntimeException e) {
            if (StorageFailure.isStorageFailure(e)) {
                throw ProblemException.unavailable();
            }
            throw e;
        }
        List<Object[]> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        ReconciliationPage result = new ReconciliationPage(page.stream().map(r -> (ReconciliationListItem) r[1]).toList());
        if (rows.size() > limit) {
            result.setNextAfter(String.valueOf(page.get(page.size() - 1)[0]));
        }
        return result;
    }

    private ReconciliationSummary summary(String text) {
        try {
            return json.readValue(text, Argument.of(ReconciliationSummary.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
