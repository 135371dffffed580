package kcbx.reconciliation;

import java.util.List;
import java.util.function.Function;
import kcbx.api.model.Action;
import kcbx.api.model.ActionCode;
import kcbx.api.model.Finding;
import kcbx.api.model.FindingCode;
import kcbx.api.model.Ledger;
import kcbx.api.model.MonitoringGroup;
import kcbx.api.model.RegistryList;
import kcbx.api.model.Role;
import kcbx.api.model.RowRef;
import kcbx.facts.Child;
import kcbx.facts.RegistryRow;

/** Maps what the rules found to the contract's Finding. Codes outside the contract's vocabulary are a rule-set error. */
final class FindingAssembler {
    private FindingAssembler() {
    }

    static Finding assemble(Reconciler.Result r) {
        kcbx.facts.Finding f = r.finding();
        String ruleId = f.getRuleId();
        Child child = f.getChild();
        List<RegistryRow> rows = f.getRow() != null ? List.of(f.getRow())
                : f.getList() != null ? child.rowsOf(f.getList())
                : child.getRows();
        RegistryRow routing = f.getRow() != null ? f.getRow() : rows.get(0);
        List<Action> actions = r.actions().stream()
                .map(a -> new Action(code(ActionCode::fromValue, a.getCode(), a.getRuleId()),
                        code(Role::fromValue, a.getResponsible(), a.getRuleId()),
                        a.getParticipants().stream().map(p -> code(Role::fromValue, p, a.getRuleId())).toList(),
                        a.getDueDate(), a.getReason(), a.getRuleId(), a.getCitation()))
                .toList();
        Finding out = new Finding(code(FindingCode::fromValue, f.getCode(), ruleId),
                rows.stream().map(FindingAssembler::rowRef).toList(), f.getReason(), ruleId, f.getCitation(), actions,
                r.groups().stream().map(g -> code(MonitoringGroup::fromValue, g, ruleId)).toList(),
                r.ledgers().stream().map(l -> code(Ledger::fromValue, l, ruleId)).toList());
        if (child != null) {
            out.nationalId(child.getNationalId()).birthDate(child.getBirthDate());
        } else {
            out.nationalId(routing.getMaskedId());
        }
        return out.township(first(rows, RegistryRow::getTownship)).village(first(rows, RegistryRow::getVillage))
                .schoolId(first(rows, RegistryRow::getSchoolId));
    }

    private static RowRef rowRef(RegistryRow row) {
        return new RowRef(RegistryList.fromValue(row.getList().field()), row.getIndex()).ref(row.getRef());
    }

    private static String first(List<RegistryRow> rows, Function<RegistryRow, String> field) {
        for (RegistryRow r : rows) {
            String v = field.apply(r);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static <T> T code(Function<String, T> parse, String code, String ruleId) {
        try {
            return parse.apply(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Rule " + ruleId + " produced \"" + code
                    + "\", which is not in the public vocabulary of openapi/decision-api.yaml");
        }
    }
}
