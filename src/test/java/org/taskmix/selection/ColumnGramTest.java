package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.Dots;

class ColumnGramTest {

    /**
     * Entries spread over many binades and both signs, so that any change in summation order
     * shows in the last bits.
     */
    static double[] spread(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * Math.scalb(1.0, rnd.nextInt(-20, 21));
        }
        return v;
    }

    static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    private static void check(int rows, int t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = spread(rnd, rows * t);
        double[] b = spread(rnd, rows);
        ColumnGram g = ColumnGram.of(a, rows, t, b);
        assertEquals(t, g.size());
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                String at = "rows " + rows + ", t " + t + ", (" + i + ", " + j + ")";
                assertSameBits(Dots.dot2(a, i * rows, a, j * rows, rows), g.dot2(i, j), "dot2 " + at);
                assertSameBits(Dots.dot4(a, i * rows, a, j * rows, rows), g.dot4(i, j), "dot4 " + at);
            }
            assertSameBits(Dots.dot4(a, i * rows, b, 0, rows), g.dot4Target(i), "target rows " + rows + ", " + i);
        }
    }

    @Test
    void everyTailLengthHasTheBitsOfDots() {
        for (int rows = 1; rows <= 40; rows++) {
            for (int t = 1; t <= 4; t++) {
                check(rows, t, 31L * rows + t);
            }
        }
    }

    @Test
    void blockBoundariesDoNotChangeTheBits() {
        int block = ColumnGram.BLOCK_ROWS;
        for (int blocks = 1; blocks <= 3; blocks++) {
            for (int extra = -7; extra <= 7; extra++) {
                // Odd and even column counts: pairs go two at a time with a single one left over.
                check(blocks * block + extra, 3, blocks * 100L + extra);
                check(blocks * block + extra, 6, blocks * 1000L + extra);
            }
        }
    }
}
