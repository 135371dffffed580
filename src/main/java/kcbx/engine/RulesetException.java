package kcbx.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be used, with every problem found, not just the first. */
public class RulesetException extends RuntimeException {
    private final List<RulesetProblem> problems;

    public RulesetException(List<RulesetProblem> problems) {
        super("The rule set has " + problems.size() + " problem(s):\n" + problems.stream()
                .map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RulesetProblem> problems() {
        return problems;
    }
}
