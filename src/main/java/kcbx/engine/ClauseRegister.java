package kcbx.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clause register: every sentence of the source documents (the five county documents, the
 * national law and notices the baseline rests on) that states a duty, threshold, group, deadline
 * or report, read from {@code <folder>/clauses*.csv} of a rule set. One row per sentence:
 * {@code clause,text,profiles,rules,reason}, where {@code rules} names the rule ids that encode
 * it and {@code reason} says why it is not encoded, or why a county's sentence applies beyond its
 * own profile. Policy staff edit it in a spreadsheet like the parameter tables.
 */
public final class ClauseRegister {
    static final String HEADER = "clause,text,profiles,rules,reason";
    private static final Pattern FILE = Pattern.compile("[^/]+/clauses[^/]*\\.csv");
    /** "helan 一(二)(四)" is two clauses of one section: 一(二) and 一(四). */
    private static final Pattern GROUPED = Pattern.compile("(\\S+) ([^()\\s]+)((?:\\([^()\\s]+\\))+)");
    private static final Pattern SPLIT = Pattern.compile("[\\s;；]+");

    /** One register row; {@code line} is 1-based in {@code file}. */
    public record Clause(String file, int line, String key, String text, List<String> profiles,
                         List<String> rules, String reason) {
        /** The document the clause belongs to: "helan", "义务教育法", ... */
        public String document() {
            return key.substring(0, key.indexOf(' '));
        }

        public boolean encoded() {
            return !rules.isEmpty();
        }
    }

    private final List<Clause> clauses;
    private final Set<String> keys;
    private final boolean present;

    private ClauseRegister(List<Clause> clauses, boolean present) {
        this.clauses = List.copyOf(clauses);
        this.keys = new LinkedHashSet<>();
        clauses.forEach(c -> keys.add(c.key()));
        this.present = present;
    }

    /** The register of {@code source}, adding a problem (file, line, column) for each malformed row. */
    public static ClauseRegister read(RulesetSource source, List<RulesetProblem> problems) {
        List<Clause> out = new ArrayList<>();
        boolean present = false;
        for (String path : source.files().keySet()) {
            if (FILE.matcher(path).matches()) {
                present = true;
                readFile(path, source.text(path), out, problems);
            }
        }
        return new ClauseRegister(out, present);
    }

    private static void readFile(String path, String text, List<Clause> out, List<RulesetProblem> problems) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        String header = lines.length == 0 ? "" : lines[0].replace("\uFEFF", "").strip();
        if (!header.equals(HEADER)) {
            problems.add(new RulesetProblem(path, 1, 1, "The clause register's first line must be \"" + HEADER + "\"."));
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int row = i + 1;
            List<String> cells = CsvLine.cells(line);
            if (cells == null || cells.size() != 5) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + " needs 5 cells (" + HEADER + ")"
                        + (cells == null ? ", and a closing quote." : ", has " + cells.size() + "; quote a cell that holds a comma.")));
                continue;
            }
            String key = cells.get(0).strip();
            if (!key.matches("\\S+ \\S+")) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: a clause is written"
                        + " \"document section\", e.g. \"helan 一(四)\"."));
                continue;
            }
            if (expand(key).size() != 1) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: one row names one clause;"
                        + " write " + expand(key) + " as separate rows."));
                continue;
            }
            List<String> profiles = words(cells.get(2));
            List<String> rules = words(cells.get(3));
            String reason = cells.get(4).strip();
            if (cells.get(1).isBlank()) {
                problems.add(new RulesetProblem(path, row, 2, "Row " + row + " column B: the clause's text is empty."));
            }
            if (profiles.isEmpty()) {
                problems.add(new RulesetProblem(path, row, 3, "Row " + row + " column C: name the profiles the clause applies to."));
            }
            if (rules.isEmpty() && reason.isEmpty()) {
                problems.add(new RulesetProblem(path, row, 5, "Row " + row + " column E: a clause no rule encodes"
                        + " needs the reason it is not encoded."));
            }
            out.add(new Clause(path, row, key, cells.get(1).strip(), profiles, rules, reason));
        }
    }

    /** A @cite or clause text to the clause keys it names: parts split on ';', grouped sections expanded. */
    public static List<String> expand(String cite) {
        List<String> out = new ArrayList<>();
        for (String part : cite.split("[;；]")) {
            String p = part.strip().replaceAll("\\s+", " ");
            if (p.isEmpty()) {
                continue;
            }
            Matcher m = GROUPED.matcher(p);
            if (m.matches() && m.group(3).indexOf(')') < m.group(3).length() - 1) {
                for (String sub : m.group(3).substring(1, m.group(3).length() - 1).split("\\)\\(")) {
                    out.add(m.group(1) + " " + m.group(2) + "(" + sub + ")");
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static List<String> words(String cell) {
        return Arrays.stream(SPLIT.split(cell.strip())).filter(w -> !w.isEmpty()).toList();
    }

    /** Whether the rule set has a register at all (rule sets written before it had none). */
    public boolean present() {
        return present;
    }

    public List<Clause> clauses() {
        return clauses;
    }

    public boolean contains(String key) {
        return keys.contains(key);
    }
}
