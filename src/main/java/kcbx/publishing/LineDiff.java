package kcbx.publishing;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import kcbx.api.model.DiffHunk;
import kcbx.api.model.DiffLine;
import kcbx.api.model.DiffLineKind;

/**
 * The changed lines of one text file against another, as unified-diff hunks with line numbers on
 * both sides. The edit script is java-diff-utils' Myers diff; this class only lays it out.
 */
final class LineDiff {
    /** Above this many lines on either side a file is reported as changed, not compared line by line. */
    static final int MAX_LINES = 50_000;

    private record Op(DiffLineKind kind, int fromLine, int toLine, String text) {
    }

    private final List<Op> ops = new ArrayList<>();
    private int added;
    private int removed;

    private LineDiff() {
    }

    /** The lines of a text, without their line breaks; a final line break ends the last line. */
    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static LineDiff of(List<String> from, List<String> to) {
        LineDiff d = new LineDiff();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(from, to).getDeltas()) {
            int srcPos = delta.getSource().getPosition();
            int tgtPos = delta.getTarget().getPosition();
            while (i < srcPos) {
                d.ops.add(new Op(DiffLineKind.CONTEXT, ++i, ++j, from.get(i - 1)));
            }
            for (String line : delta.getSource().getLines()) {
                d.ops.add(new Op(DiffLineKind.REMOVED, ++i, 0, line));
                d.removed++;
            }
            j = tgtPos;
            for (String line : delta.getTarget().getLines()) {
                d.ops.add(new Op(DiffLineKind.ADDED, 0, ++j, line));
                d.added++;
            }
        }
        while (i < from.size()) {
            d.ops.add(new Op(DiffLineKind.CONTEXT, ++i, ++j, from.get(i - 1)));
        }
        return d;
    }

    int added() {
        return added;
    }

    int removed() {
        return removed;
    }

    /** The changes with up to {@code context} unchanged lines around each; changes that close share a hunk. */
    List<DiffHunk> hunks(int context) {
        List<DiffHunk> hunks = new ArrayList<>();
        int n = ops.size();
        int k = 0;
        while (k < n) {
            if (ops.get(k).kind() == DiffLineKind.CONTEXT) {
                k++;
                continue;
            }
            int start = Math.max(0, k - context);
            int end = k; // exclusive end of the last change seen
            int scan = k;
            while (scan < n) {
                if (ops.get(scan).kind() != DiffLineKind.CONTEXT) {
                    end = scan + 1;
                    scan++;
                } else if (scan - end < 2 * context) {
                    scan++;
                } else {
                    break;
                }
            }
            int stop = Math.min(n, end + context);
            hunks.add(hunk(ops.subList(start, stop)));
            k = stop;
        }
        return hunks;
    }

    private static DiffHunk hunk(List<Op> slice) {
        List<DiffLine> lines = new ArrayList<>();
        int fromFirst = 0;
        int toFirst = 0;
        int fromCount = 0;
        int toCount = 0;
        for (Op op : slice) {
            DiffLine line = new DiffLine(op.kind(), op.text());
            if (op.kind() != DiffLineKind.ADDED) {
                line.fromLine(op.fromLine());
                fromFirst = fromFirst == 0 ? op.fromLine() : fromFirst;
                fromCount++;
            }
            if (op.kind() != DiffLineKind.REMOVED) {
                line.toLine(op.toLine());
                toFirst = toFirst == 0 ? op.toLine() : toFirst;
                toCount++;
            }
            lines.add(line);
        }
        return new DiffHunk(fromFirst, fromCount, toFirst, toCount, lines);
    }
}
