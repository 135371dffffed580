package kcbx.engine;

/** Where a rule is written: its DRL file under the rules folder and the line of its {@code rule} keyword. */
public record RuleLocation(String file, int line) {

    /** "baseline/attendance.drl:12" for a person to find; the file alone when the line is not known. */
    public String where() {
        return line > 0 ? file + ":" + line : file;
    }
}
