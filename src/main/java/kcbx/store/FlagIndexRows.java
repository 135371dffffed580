package kcbx.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The flag index (decision_flag) as derived rows: one row per distinct flag code of the stored
 * decision's {@code flags}, with its school, exactly what {@link DecisionRecordSql#insertFlagsAll}
 * writes from the same decision.
 */
@Singleton
public class FlagIndexRows implements DerivedRows {

    @Override
    public String name() {
        return "decision_flag";
    }

    @Override
    public List<String> expected(long decisionPk, DecisionRecord r, IndexFacts facts) {
        List<String> out = new ArrayList<>();
        for (String code : new TreeSet<>(facts.flagCodes())) {
            out.add(DerivedRows.row(code, decisionPk, r.schoolId()));
        }
        return out;
    }

    @Override
    public Map<Long, List<String>> stored(Connection c, Collection<Long> decisionPks) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        if (decisionPks.isEmpty()) {
            return out;
        }
        List<Long> pks = List.copyOf(decisionPks);
        try (PreparedStatement ps = c.prepareStatement("SELECT flag_code, decision_pk, school_id FROM decision_flag"
                + DerivedRows.keyedByCode("flag_code", StoredCodes.FLAGS, pks.size()) + " ORDER BY decision_pk, flag_code")) {
            DerivedRows.bindKeyed(ps, StoredCodes.FLAGS, pks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                            .add(DerivedRows.row(StoredCodes.FLAGS.name(rs.getInt(1)), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Long> firstStray(Connection c) throws SQLException {
        return DerivedRows.firstStray(c, "decision_flag");
    }

    @Override
    public Optional<Long> firstUnknownCode(Connection c) throws SQLException {
        return DerivedRows.firstOutsideCodes(c, "decision_flag", "flag_code", StoredCodes.FLAGS);
    }
}
