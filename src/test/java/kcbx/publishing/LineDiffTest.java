package kcbx.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import kcbx.api.model.DiffHunk;
import kcbx.api.model.DiffLine;
import kcbx.api.model.DiffLineKind;
import org.junit.jupiter.api.Test;

/** The layout of line differences: line numbers on both sides, context, and changes sharing a hunk. */
class LineDiffTest {
    private static String render(List<DiffHunk> hunks) {
        StringBuilder s = new StringBuilder();
        for (DiffHunk h : hunks) {
            s.append("@@ -").append(h.getFromLine()).append(',').append(h.getFromCount())
                    .append(" +").append(h.getToLine()).append(',').append(h.getToCount()).append(" @@\n");
            for (DiffLine l : h.getLines()) {
                s.append(l.getKind() == DiffLineKind.ADDED ? '+' : l.getKind() == DiffLineKind.REMOVED ? '-' : ' ')
                        .append(l.getFromLine() == null ? "." : l.getFromLine()).append('/')
                        .append(l.getToLine() == null ? "." : l.getToLine()).append(' ').append(l.getText()).append('\n');
            }
        }
        return s.toString();
    }

    private static List<String> numbered(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void aChangedLineIsARemovalAndAnAdditionWithTheLinesAroundIt() {
        List<String> a = numbered(10);
        List<String> b = new java.util.ArrayList<>(a);
        b.set(4, "line five");
        LineDiff d = LineDiff.of(a, b);
        assertEquals(1, d.added());
        assertEquals(1, d.removed());
        assertEquals("""
                @@ -2,7 +2,7 @@
                 2/2 line 2
                 3/3 line 3
                 4/4 line 4
                -5/. line 5
                +./5 line five
                 6/6 line 6
                 7/7 line 7
                 8/8 line 8
                """, render(d.hunks(3)));
    }

    @Test
    void changesCloserThanTwiceTheContextShareOneHunkAndFartherOnesDoNot() {
        List<String> a = numbered(30);
        List<String> b = new java.util.ArrayList<>(a);
        b.set(2, "x");   // line 3
        b.set(8, "y");   // line 9: 5 unchanged lines between, fewer than 2 x 3
        b.set(25, "z");  // line 26: far away
        List<DiffHunk> hunks = LineDiff.of(a, b).hunks(3);
        assertEquals(2, hunks.size(), render(hunks));
        assertEquals(1, hunks.get(0).getFromLine());
        assertEquals(12, hunks.get(0).getFromCount()); // lines 1..12
        assertEquals(23, hunks.get(1).getFromLine());
        assertEquals(7, hunks.get(1).getFromCount());  // lines 23..29
    }

    @Test
    void addedLinesCountInTheNewFileOnlyAndZeroContextShowsOnlyTheChange() {
        List<String> a = List.of("a", "b", "c");
        List<String> b = List.of("a", "b", "new 1", "new 2", "c");
        assertEquals("""
                @@ -0,0 +3,2 @@
                +./3 new 1
                +./4 new 2
                """, render(LineDiff.of(a, b).hunks(0)));
    }

    @Test
    void aFileAddedOrRemovedIsAllAdditionsOrAllRemovals() {
        assertEquals("@@ -0,0 +1,2 @@\n+./1 x\n+./2 y\n", render(LineDiff.of(List.of(), List.of("x", "y")).hunks(3)));
        assertEquals("@@ -1,2 +0,0 @@\n-1/. x\n-2/. y\n", render(LineDiff.of(List.of("x", "y"), List.of()).hunks(3)));
    }

    @Test
    void linesAreSplitWithoutTheirBreaksAndAFinalBreakEndsTheLastLine() {
        assertEquals(List.of("a", "b"), LineDiff.lines("a\nb\n"));
        assertEquals(List.of("a", "b"), LineDiff.lines("a\r\nb"));
        assertEquals(List.of("a", "", "b"), LineDiff.lines("a\n\nb\n"));
        assertEquals(List.of(), LineDiff.lines(""));
    }
}
