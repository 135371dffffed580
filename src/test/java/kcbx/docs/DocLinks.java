package kcbx.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documents' links and tables: every relative link names a file of the repository (and, with
 * {@code #anchor}, a heading of it, spelled as GitHub makes anchors); no link leaves the repository
 * but for web addresses; every table row has as many cells as its heading row.
 */
final class DocLinks {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    private DocLinks() {
    }

    static List<String> problems(Path root, List<String> documents) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String doc : documents) {
            Path file = root.resolve(doc);
            if (!Files.exists(file)) {
                problems.add(doc + ": listed but missing");
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean code = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    code = !code;
                }
                if (code) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    String where = doc + ":" + (i + 1) + ": " + target;
                    String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                    if (!resolved.startsWith(root)) {
                        problems.add(where + " leads outside the repository");
                    } else if (!Files.exists(resolved)) {
                        problems.add(where + " names no file");
                    } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                        problems.add(where + " names no heading of " + root.relativize(resolved));
                    }
                }
            }
        }
        return problems;
    }

    static List<String> tableProblems(Path root, List<String> documents) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String doc : documents) {
            Path file = root.resolve(doc);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int columns = -1;
            boolean code = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.startsWith("```")) {
                    code = !code;
                }
                if (code || !line.startsWith("|")) {
                    columns = -1;
                    continue;
                }
                int cells = cells(line);
                if (columns < 0) {
                    columns = cells;
                    boolean separator = i + 1 < lines.size() && lines.get(i + 1).trim().matches("\\|(\\s*:?-+:?\\s*\\|)+");
                    if (!separator) {
                        problems.add(doc + ":" + (i + 1) + ": a table without a |---| line under its heading");
                    }
                } else if (cells != columns) {
                    problems.add(doc + ":" + (i + 1) + ": " + cells + " cells in a table of " + columns + " columns");
                }
            }
        }
        return problems;
    }

    private static int cells(String row) {
        int count = 0;
        boolean code = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '`') {
                code = !code;
            } else if (c == '\\') {
                i++;
            } else if (c == '|' && !code) {
                count++;
            }
        }
        return count - 1;
    }

    /** GitHub's anchors: lower case, punctuation dropped but for - and _, spaces become -. */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        boolean code = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            Matcher m = HEADING.matcher(line);
            if (!code && m.matches()) {
                String text = m.group(1).trim().toLowerCase(Locale.ROOT).replace("`", "");
                StringBuilder slug = new StringBuilder();
                text.codePoints().forEach(cp -> {
                    if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                        slug.appendCodePoint(cp);
                    } else if (cp == ' ') {
                        slug.append('-');
                    }
                });
                anchors.add(slug.toString());
            }
        }
        return anchors;
    }
}
