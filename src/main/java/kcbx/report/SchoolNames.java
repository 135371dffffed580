package kcbx.report;

import kcbx.system.StoredJson;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import kcbx.system.Jdbc;

/**
 * The name a school goes by on its forms: the {@code student.schoolName} of its most recent
 * decisions that give one (the service keeps no register of schools; the school system names its
 * school with every request). A school that never gave a name is shown by its id.
 */
@Singleton
class SchoolNames {
    /** How many of a school's latest decisions are read looking for a name. */
    private static final int LOOK_BACK = 20;

    private final JsonMapper json;
    private final TransactionOperations<Connection> tx;

    SchoolNames(JsonMapper json, TransactionOperations<Connection> tx) {
        this.json = json;
        this.tx = tx;
    }

    /** Each school id's name, or the id itself when none was ever given. */
    Map<String, String> of(Collection<String> schoolIds) {
        return ReportErrors.reading("School names", () -> Jdbc.read(tx, c -> read(c, schoolIds)));
    }

    String of(String schoolId) {
        return of(java.util.List.of(schoolId)).get(schoolId);
    }

    private Map<String, String> read(Connection c, Collection<String> schoolIds) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String school : schoolIds) {
            out.put(school, school);
            if (school == null || school.isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.request_json, d.request_z FROM report_decision r"
                    + " JOIN decision_record d ON d.id = r.decision_pk WHERE r.school_id = ?"
                    + " ORDER BY r.as_of DESC, r.decision_pk DESC")) {
                ps.setString(1, school);
                ps.setMaxRows(LOOK_BACK);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = StoredDecision.parse(json, rs.getLong(1), StoredJson.read(rs, 2, 3), "{}").studentText("schoolName");
                        if (name != null && !name.isBlank()) {
                            out.put(school, name.strip());
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }
}
