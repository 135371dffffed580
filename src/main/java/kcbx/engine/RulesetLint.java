package kcbx.engine;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Drools cannot make: codes in string literals that are not in the public vocabulary, and
 * parameters a rule reads that the profile does not define or defines with another type. Both
 * would otherwise fail only when a student's facts reach the rule.
 */
final class RulesetLint {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z]{4,}");
    private static final Pattern CODE_LIST = Pattern.compile("[A-Z][A-Z0-9_]*(\\s*,\\s*[A-Z][A-Z0-9_]*)*");
    // only a name written whole ("x.y") is checked; a name built at run time ("x." + list) is not
    private static final Pattern PARAM_CALL = Pattern.compile("\\.(intValue|flag|text|codes|listed)\\(\\s*\"([^\"]*)\"\\s*[,)]");

    private RulesetLint() {
    }

    /** Every all-capitals string literal outside comments must be a code of the contract. */
    static void codes(String path, String text, List<RulesetProblem> problems) {
        for (Literal lit : literals(text)) {
            String s = lit.value();
            if (CODE.matcher(s).matches() && !Vocabulary.known(s)) {
                problems.add(new RulesetProblem(path, lit.line(), lit.column(), unknownCode(s)));
            }
        }
    }

    static String unknownCode(String code) {
        return "\"" + code + "\" is not a code of the public vocabulary (FlagCode, ActionCode, Role, MonitoringGroup,"
                + " Ledger or a request enum of openapi/decision-api.yaml)"
                + Vocabulary.nearest(code, Vocabulary.all()).map(n -> "; did you mean \"" + n + "\"?").orElse(".");
    }

    /** A parameter read as a number must be a whole number of the profile, and so on for each type. */
    static void parameters(String path, String text, Map<String, Object> params,
                           List<RulesetProblem> problems) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PARAM_CALL.matcher(lines[i]);
            while (m.find()) {
                String name = m.group(2);
                Object value = params.get(name);
                if (value == null) {
                    problems.add(new RulesetProblem(path, i + 1, m.start(2), "Parameter " + name
                            + " is not defined in the baseline parameters.yaml."));
                    continue;
                }
                String wanted = switch (m.group(1)) {
                    case "intValue" -> value instanceof Integer ? null : "a whole number";
                    case "flag" -> value instanceof Boolean ? null : "true/false";
                    default -> value instanceof String ? null : "text";
                };
                if (wanted != null) {
                    problems.add(new RulesetProblem(path, i + 1, m.start(2), "Parameter " + name + " is read as "
                            + wanted + " by " + m.group(1) + "(...) but parameters.yaml does not set it to " + wanted + "."));
                }
            }
        }
    }

    /** A text parameter that lists codes ("ORPHAN,DISABLED") may only list codes of the contract. */
    static void parameterCodes(String path, String[] lines, String key, Object value, int line,
                               List<RulesetProblem> problems) {
        if (!(value instanceof String s) || s.isBlank() || !CODE_LIST.matcher(s.strip()).matches()) {
            return;
        }
        for (String code : s.strip().split("\\s*,\\s*")) {
            if (!Vocabulary.known(code)) {
                int col = line > 0 ? lines[line - 1].indexOf(code) + 1 : 0;
                problems.add(new RulesetProblem(path, line, Math.max(col, 0), "Parameter " + key + ": "
                        + unknownCode(code)));
            }
        }
    }

    record Literal(String value, int line, int column) {
    }

    /** String literals of DRL text with their 1-based line and column, skipping // and block comments. */
    static List<Literal> literals(String text) {
        List<Literal> out = new java.util.ArrayList<>();
        int line = 1;
        int col = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i += 2;
                col += 2;
                while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                    i++;
                }
                i += 2;
                col += 2;
                continue;
            }
            if (c == '"') {
                int startLine = line;
                int startCol = col;
                StringBuilder sb = new StringBuilder();
                i++;
                col++;
                while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        sb.append(text.charAt(i + 1));
                        i += 2;
                        col += 2;
                        continue;
                    }
                    sb.append(text.charAt(i));
                    i++;
                    col++;
                }
                out.add(new Literal(sb.toString(), startLine, startCol));
                i++;
                col++;
                continue;
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            i++;
        }
        return out;
    }
}
