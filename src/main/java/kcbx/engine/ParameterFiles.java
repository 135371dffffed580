package kcbx.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A profile's parameters, merged from the parameter files of its folders in inheritance order: a
 * later file overrides a parameter the baseline defines, with a value of the same kind. Every
 * problem names the file, the line (or row and cell) and the parameter.
 */
final class ParameterFiles {
    private final RulesetSource source;
    private final List<RulesetProblem> problems;
    private final Map<String, Object> params = new TreeMap<>();
    /** The file each parameter's value comes from, for a problem that names where it was defined. */
    private final Map<String, String> origin = new TreeMap<>();

    ParameterFiles(RulesetSource source, List<RulesetProblem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The parameters merged so far, by name. */
    Map<String, Object> values() {
        return params;
    }

    /** parameters.yaml: a mapping of parameter names to values. */
    void mergeYaml(String path, boolean baseline) {
        Map<String, Object> y = RulesetYaml.read(source, path, problems);
        if (y == null) {
            return;
        }
        String[] lines = source.text(path).split("\n", -1);
        for (Map.Entry<String, Object> e : y.entrySet()) {
            int line = lineOf(lines, e.getKey());
            merge(path, lines, line, 0, "Parameter ", e.getKey(), e.getValue(), baseline);
        }
    }

    /**
     * parameters.csv: the same parameters as a table for people who work in spreadsheets, one row
     * per parameter, columns name,value[,note]; a value is a whole number, true/false or text
     * (quoted when it holds commas). A folder may hold it next to parameters.yaml, but a name
     * set in both is an error. Problems name the row and the cell.
     */
    void mergeTable(String path, boolean baseline) {
        String[] lines = source.text(path).split("\n", -1);
        String sibling = path.substring(0, path.length() - ".csv".length()) + ".yaml";
        Map<String, Object> inYaml = source.files().containsKey(sibling)
                ? RulesetYaml.read(source, sibling, new ArrayList<>()) : null;
        for (int i = 1; i < lines.length; i++) { // row 1 is the header
            String text = lines[i].strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int row = i + 1;
            List<String> cells = CsvLine.cells(text);
            if (cells == null) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + ": a quoted cell is not closed."));
                continue;
            }
            if (cells.size() < 2) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + " needs 2 cells (name,value), has "
                        + cells.size() + "."));
                continue;
            }
            String key = cells.get(0).strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+")) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: \"" + key
                        + "\" is not a parameter name (e.g. attendance.suspectedDropoutDays)."));
                continue;
            }
            if (inYaml != null && inYaml.containsKey(key)) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: " + key
                        + " is also set in " + sibling + "; set it in one place only."));
                continue;
            }
            merge(path, lines, row, 2, "Row " + row + " column B: parameter ", key, tableValue(cells.get(1)), baseline);
        }
    }

    /** One parameter from a file of the profile chain, checked against what the baseline defines. */
    private void merge(String path, String[] lines, int line, int column, String prefix, String key, Object value,
                       boolean baseline) {
        if (!(value instanceof Integer || value instanceof Boolean || value instanceof String)) {
            problems.add(new RulesetProblem(path, line, column, prefix + key
                    + " must be a whole number, true/false or text, not " + describe(value) + "."));
            return;
        }
        Object inherited = params.get(key);
        if (inherited == null && !baseline) {
            problems.add(new RulesetProblem(path, line, column, prefix + key
                    + " is not defined in the baseline; a profile can only override baseline parameters."));
            return;
        }
        if (inherited != null && inherited.getClass() != value.getClass()) {
            problems.add(new RulesetProblem(path, line, column, prefix + key + " must be " + describe(inherited)
                    + " as in " + origin.get(key) + ", not " + describe(value) + "."));
            return;
        }
        if (value instanceof Integer i && i < 0) {
            problems.add(new RulesetProblem(path, line, column, prefix + key + " cannot be negative."));
            return;
        }
        RulesetLint.parameterCodes(path, lines, key, value, line, problems);
        params.put(key, value);
        origin.put(key, path);
    }

    /** A table cell as the parameter value it spells: whole number, true/false, or text. */
    private static Object tableValue(String cell) {
        String v = cell.strip();
        if (v.matches("-?[0-9]{1,9}")) {
            return Integer.valueOf(v);
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v.toLowerCase(Locale.ROOT));
        }
        return v;
    }

    private static int lineOf(String[] lines, String key) {
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].stripLeading();
            if (l.startsWith(key + ":") || l.startsWith("\"" + key + "\":") || l.startsWith("'" + key + "':")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String describe(Object v) {
        if (v instanceof Integer) {
            return "a whole number";
        }
        if (v instanceof Boolean) {
            return "true/false";
        }
        if (v instanceof String) {
            return "text";
        }
        return v == null ? "empty" : "a " + v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
