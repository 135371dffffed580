package kcbx.facts;

import java.time.LocalDate;
import org.kie.api.runtime.rule.RuleContext;

/** An action recommended for one finding: who leads, who takes part, by when, why. */
public final class FindingAction {
    private final Finding finding;
    private final Action action;

    private FindingAction(Finding finding, Action action) {
        this.finding = finding;
        this.action = action;
    }

    /** Called from a rule consequence; {@code participants} is a comma-separated list of roles, or "". */
    public static FindingAction recommend(RuleContext drools, Finding finding, String code, String responsible,
                                          String participants, LocalDate dueDate, String reason) {
        return new FindingAction(finding, Action.recommend(drools, code, responsible, participants, dueDate, reason));
    }

    public Finding getFinding() { return finding; }
    public Action getAction() { return action; }
}
