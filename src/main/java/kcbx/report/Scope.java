package kcbx.report;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * Whose students a report covers: one school, one township or the whole county. Kept explicit so
 * access control can check it (a school system may ask for its own school only).
 */
record Scope(String schoolId, String township) {
    static Scope of(String schoolId, String township) {
        if (schoolId != null && township != null) {
            throw ProblemException.invalid(List.of(new FieldProblem("township", "must not be given together with schoolId")));
        }
        return new Scope(schoolId, township);
    }

    /** An AND condition on the columns school_id and township of the given table alias ("" for none). */
    String condition(String alias) {
        if (schoolId != null) {
            return " AND " + alias + "school_id = ?";
        }
        if (township != null) {
            return " AND " + alias + "township = ?";
        }
        return "";
    }

    /** Binds the condition's parameter, if any, at index i; returns the next index. */
    int bind(PreparedStatement ps, int i) throws SQLException {
        if (schoolId != null) {
            ps.setString(i, schoolId);
            return i + 1;
        }
        if (township != null) {
            ps.setString(i, township);
            return i + 1;
        }
        return i;
    }

    /** The scope as a 学校 header line would name it. */
    String label() {
        return schoolId != null ? schoolId : township != null ? township : "全县";
    }
}
