package kcbx.engine;

/** One thing wrong with a rule set, located for the person who has to fix it. */
public record RulesetProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(message).toString();
    }
}
