package kcbx.publishing;

import java.util.List;
import kcbx.system.FieldProblem;

/**
 * A candidate (or a stored version) that is not made active, with the sentence that says why and
 * the problems it names (a file and line, or a scenario file). The active version keeps serving.
 * Only the HTTP edge ({@link RulesetRefusedHandler}) turns it into a problem.
 */
public class RulesetRefusedException extends RuntimeException {
    /** Why the rule set was refused. */
    public enum Reason {
        /** It does not compile (or a stored version no longer does). */
        DOES_NOT_COMPILE,
        /** No scenario ran against it. */
        NO_SCENARIOS,
        /** Some scenario fails under it. */
        SCENARIOS_FAIL
    }

    private final Reason reason;
    private final List<FieldProblem> problems;

    RulesetRefusedException(Reason reason, String detail, List<FieldProblem> problems) {
        super(detail);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
