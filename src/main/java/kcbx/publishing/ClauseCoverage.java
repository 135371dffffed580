package kcbx.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kcbx.engine.ClauseRegister;
import kcbx.engine.ClauseRegisterCheck;
import kcbx.engine.CompiledRuleset;

/**
 * How far a profile's rules cover the clauses that apply to it: a register row applies to a
 * profile when it names the profile or one it inherits from (baseline). For that profile a row is
 * encoded when one of the rules it names is a rule of the profile (a helan-only rule does not
 * encode a clause for the baseline), exercised when such a rule fired for some scenario file,
 * pending when it is not encoded and its reason starts with "pending" (rules still to come), and
 * deliberately not encoded otherwise, for the reason the row gives.
 */
public final class ClauseCoverage {
    public enum Status { EXERCISED, ENCODED, PENDING, NOT_ENCODED }

    public record Row(ClauseRegister.Clause clause, Status status) {
    }

    public record Report(String profile, List<Row> rows) {
        public long count(Status status) {
            return rows.stream().filter(r -> r.status() == status).count();
        }

        public long encoded() {
            return count(Status.EXERCISED) + count(Status.ENCODED);
        }
    }

    private ClauseCoverage() {
    }

    public static Report of(CompiledRuleset ruleset, String profileId, Set<String> fired) {
        List<String> chain = new ArrayList<>();
        for (String p = profileId; p != null && !chain.contains(p);
             p = ruleset.profile(p).map(r -> r.definition().parent()).orElse(null)) {
            chain.add(p);
        }
        ClauseRegister register = ClauseRegister.read(ruleset.source(), new ArrayList<>());
        Set<String> own = ruleset.profile(profileId).map(p -> ClauseRegisterCheck.ruleIds(Map.of(profileId, p))
                .get(profileId)).orElse(Set.of());
        List<Row> rows = new ArrayList<>();
        for (ClauseRegister.Clause c : register.clauses()) {
            if (c.profiles().stream().anyMatch(chain::contains)) {
                rows.add(new Row(c, status(c, own, fired)));
            }
        }
        return new Report(profileId, List.copyOf(rows));
    }

    private static Status status(ClauseRegister.Clause c, Set<String> own, Set<String> fired) {
        List<String> here = c.rules().stream().filter(own::contains).toList();
        if (!here.isEmpty()) {
            return here.stream().anyMatch(fired::contains) ? Status.EXERCISED : Status.ENCODED;
        }
        return c.reason().toLowerCase(java.util.Locale.ROOT).startsWith("pending") ? Status.PENDING : Status.NOT_ENCODED;
    }
}
