package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Any number of rows is cut into multi-row statements: all at once up to 64, beyond in powers of two, largest first, none lost. */
class JdbcSliceTest {
    @Test
    void everyCountIsOneStatementUpTo64ThenPowersOfTwoUpToTheLargest() {
        Set<Integer> sizes = new TreeSet<>();
        for (int rows = 1; rows <= 5_000; rows++) {
            int written = 0;
            int previous = Integer.MAX_VALUE;
            for (int n; written < rows; written += n) {
                n = Jdbc.slice(rows - written);
                assertTrue(n >= 1 && n <= Jdbc.MAX_ROWS, rows + " rows: a slice of " + n);
                assertTrue(rows - written <= Jdbc.EXACT_ROWS ? n == rows - written : Integer.bitCount(n) == 1,
                        rows + " rows: a slice of " + n);
                assertTrue(n <= previous, rows + " rows: largest first");
                previous = n;
                sizes.add(n);
            }
            assertEquals(rows, written, rows + " rows: every row in exactly one slice");
        }
        Set<Integer> shapes = new TreeSet<>(Set.of(128, 256));
        for (int n = 1; n <= 64; n++) {
            shapes.add(n);
        }
        assertEquals(shapes, sizes, "66 shapes of a statement in all");
        assertEquals(64, Jdbc.EXACT_ROWS);
        assertEquals(256, Jdbc.MAX_ROWS);
    }

    @Test
    void aGroupUpTo64RowsTakesOneStatementALargerOneAFew() {
        assertEquals(23, Jdbc.slice(23), "23 decisions of a group commit: one statement");
        assertEquals(64, Jdbc.slice(64));
        // 300 rows: 256 + 44
        assertEquals(256, Jdbc.slice(300));
        assertEquals(44, Jdbc.slice(300 - 256));
        assertEquals(256, Jdbc.slice(1_000));
    }
}
