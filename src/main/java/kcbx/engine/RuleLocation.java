package kcbx.engine;

/** Where a rule is written: its DRL file under the rules folder and the line of its {@code rule} keyword. */
public record RuleLocation(String file, int line) {
}
