package kcbx.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kcbx.facts.RiskTableRow;

/**
 * risk-tiers.csv: the risk level each flag or monitoring group stands for, one row each, columns
 * kind,code,level,reason. Read with the same CSV reader as parameters.csv, so a reason that holds a
 * comma is written in quotes (an unquoted one still reads as the rest of the row).
 */
final class RiskTableFile {
    private static final Set<String> LEVELS = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Set<String> KINDS = Set.of("FLAG", "GROUP");

    private RiskTableFile() {
    }

    static List<RiskTableRow> read(RulesetSource source, String path, List<RulesetProblem> problems) {
        List<RiskTableRow> rows = new ArrayList<>();
        String[] lines = source.text(path).split("\n", -1);
        for (int i = 1; i < lines.length; i++) { // row 1 is the header
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int row = i + 1;
            List<String> cells = CsvLine.cells(line);
            if (cells == null) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + ": a quoted cell is not closed."));
                continue;
            }
            if (cells.size() < 4) {
                problems.add(new RulesetProblem(path, row, 0, "Row " + row + " needs 4 cells (kind,code,level,reason), has " + cells.size() + "."));
                continue;
            }
            String kind = cells.get(0).strip();
            String code = cells.get(1).strip();
            String level = cells.get(2).strip();
            if (!KINDS.contains(kind)) {
                problems.add(new RulesetProblem(path, row, 1, "Row " + row + " column A: kind must be FLAG or GROUP, not \"" + kind + "\"."));
            }
            if (!code.matches("[A-Z][A-Z_]*")) {
                problems.add(new RulesetProblem(path, row, 2, "Row " + row + " column B: \"" + code + "\" is not a code."));
            } else if (kind.equals("FLAG") && !Vocabulary.FLAGS.contains(code)
                    || kind.equals("GROUP") && !Vocabulary.GROUPS.contains(code)) {
                problems.add(new RulesetProblem(path, row, 2, "Row " + row + " column B: \"" + code + "\" is not a "
                        + (kind.equals("FLAG") ? "FlagCode" : "MonitoringGroup") + " of the public vocabulary"
                        + Vocabulary.nearest(code, kind.equals("FLAG") ? Vocabulary.FLAGS : Vocabulary.GROUPS)
                                .map(n -> "; did you mean \"" + n + "\"?").orElse(".")));
            }
            if (!LEVELS.contains(level)) {
                problems.add(new RulesetProblem(path, row, 3, "Row " + row + " column C: level must be LOW, MEDIUM, HIGH or CRITICAL, not \"" + level + "\"."));
            }
            // an unquoted reason with commas spans the remaining cells: joined back as written
            rows.add(new RiskTableRow(kind, code, level, String.join(",", cells.subList(3, cells.size())).strip()));
        }
        return rows;
    }
}
