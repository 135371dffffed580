package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Any number of rows is cut into multi-row statements of a few sizes, largest first, none lost. */
class JdbcSliceTest {
    @Test
    void everyCountIsCutIntoPowersOfTwoUpToTheLargestStatement() {
        Set<Integer> sizes = new TreeSet<>();
        for (int rows = 1; rows <= 5_000; rows++) {
            int written = 0;
            int previous = Integer.MAX_VALUE;
            for (int n; written < rows; written += n) {
                n = Jdbc.slice(rows - written);
                assertTrue(n >= 1 && n <= Jdbc.MAX_ROWS, rows + " rows: a slice of " + n);
                assertEquals(1, Integer.bitCount(n), rows + " rows: a slice of " + n);
                assertTrue(n <= previous, rows + " rows: largest first");
                previous = n;
                sizes.add(n);
            }
            assertEquals(rows, written, rows + " rows: every row in exactly one slice");
        }
        assertEquals(Set.of(1, 2, 4, 8, 16, 32, 64, 128, 256), sizes);
        assertEquals(256, Jdbc.MAX_ROWS);
    }

    @Test
    void aSmallGroupTakesOneStatementPerSetBit() {
        // 23 decisions of a group commit: 16 + 4 + 2 + 1
        int[] expected = {16, 4, 2, 1};
        int written = 0;
        for (int size : expected) {
            assertEquals(size, Jdbc.slice(23 - written));
            written += size;
        }
        assertEquals(256, Jdbc.slice(1_000));
    }
}
