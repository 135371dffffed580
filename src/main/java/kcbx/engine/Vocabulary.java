package kcbx.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import kcbx.api.model.ActionCode;
import kcbx.api.model.AttendanceStatus;
import kcbx.api.model.FindingCode;
import kcbx.api.model.FlagCode;
import kcbx.api.model.ObligationCode;
import kcbx.api.model.RegistryList;
import kcbx.api.model.Gender;
import kcbx.api.model.Guardianship;
import kcbx.api.model.InterventionOutcome;
import kcbx.api.model.InterventionType;
import kcbx.api.model.Ledger;
import kcbx.api.model.MonitoringGroup;
import kcbx.api.model.Placement;
import kcbx.api.model.Poverty;
import kcbx.api.model.RiskLevel;
import kcbx.api.model.Role;

/**
 * The codes of the public contract (openapi/decision-api.yaml, generated into enums), so that a
 * code mistyped in a rule file or table is refused when the rule set is compiled instead of
 * failing a decision at run time. Outputs are FlagCode, ActionCode, Role, MonitoringGroup and
 * Ledger; rules may also test the request's own enums (attendance status, intervention type...).
 */
final class Vocabulary {
    static final Set<String> FLAGS = values(FlagCode.values(), FlagCode::getValue);
    static final Set<String> GROUPS = values(MonitoringGroup.values(), MonitoringGroup::getValue);
    /** Every code a rule file may name in a string literal, with the enum each belongs to. */
    private static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        add("FlagCode", FLAGS);
        add("ActionCode", values(ActionCode.values(), ActionCode::getValue));
        add("Role", values(Role.values(), Role::getValue));
        add("MonitoringGroup", GROUPS);
        add("Ledger", values(Ledger.values(), Ledger::getValue));
        add("RiskLevel", values(RiskLevel.values(), RiskLevel::getValue));
        add("AttendanceStatus", values(AttendanceStatus.values(), AttendanceStatus::getValue));
        add("InterventionType", values(InterventionType.values(), InterventionType::getValue));
        add("InterventionOutcome", values(InterventionOutcome.values(), InterventionOutcome::getValue));
        add("Poverty", values(Poverty.values(), Poverty::getValue));
        add("Guardianship", values(Guardianship.values(), Guardianship::getValue));
        add("Placement", values(Placement.values(), Placement::getValue));
        add("Gender", values(Gender.values(), Gender::getValue));
        add("FindingCode", values(FindingCode.values(), FindingCode::getValue));
        add("ObligationCode", values(ObligationCode.values(), ObligationCode::getValue));
        add("RegistryList", values(RegistryList.values(), RegistryList::getValue));
        add("risk table kind", Set.of("FLAG", "GROUP"));
    }

    private Vocabulary() {
    }

    static boolean known(String code) {
        return ALL.containsKey(code);
    }

    /** The nearest known code within two edits, for "did you mean". */
    static Optional<String> nearest(String code, Set<String> among) {
        String best = null;
        int bestDistance = 3;
        for (String c : among) {
            int d = distance(code, c, bestDistance);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static Set<String> all() {
        return ALL.keySet();
    }

    private static void add(String enumName, Set<String> codes) {
        codes.forEach(c -> ALL.putIfAbsent(c, enumName));
    }

    private static <E> Set<String> values(E[] values, Function<E, String> value) {
        return Arrays.stream(values).map(value).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Levenshtein distance, giving up at {@code limit}. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
