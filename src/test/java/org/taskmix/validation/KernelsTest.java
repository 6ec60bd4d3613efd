package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.Dots;

/** The register-tiled kernels give the bits of the axpy passes they replace; the float ones are close. */
class KernelsTest {

    /**
     * Float products of length ~100 with O(1) entries: relative error a few times
     * {@code √n · 2^-24 ≈ 6e-7}; 1e-5 leaves room and still fails on any real mistake.
     */
    private static final double FLOAT_TOLERANCE = 1e-5;

    private static double[] gaussian(FastRandom rng, int n) {
        double[] a = new double[n];
        rng.fillGaussian(a, 0, n);
        return a;
    }

    @Test
    void matVecGivesTheBitsOfCombineShortAndLong() {
        FastRandom rng = new FastRandom(5);
        // 20 x 22 and 22 x 20 (d = 20, the tiled path), 7 x 5 (tails), 100 x 102 (the vector path).
        int[][] shapes = {{20, 22}, {22, 20}, {7, 5}, {3, 9}, {100, 102}, {102, 100}};
        for (int[] sh : shapes) {
            int rows = sh[0];
            int cols = sh[1];
            double[] m = gaussian(rng, rows * cols);
            double[] mt = Kernels.transpose(m, rows, cols);
            double[] x = gaussian(rng, cols);
            double[] expected = new double[rows];
            Kernels.combine(x, 0, cols, mt, rows, expected, 0, rows);
            double[] y = new double[rows];
            Arrays.fill(y, Double.NaN); // overwritten, not added to
            Kernels.matVec(m, mt, rows, cols, x, y);
            assertArrayEquals(expected, y, 0.0, rows + "x" + cols);
        }
    }

    @Test
    void rankUpdateGivesTheBitsOfFourPromptAxpys() {
        FastRandom rng = new FastRandom(6);
        int[][] shapes = {{20, 22}, {5, 7}, {100, 102}};
        for (int[] sh : shapes) {
            int rows = sh[0];
            int cols = sh[1];
            for (int count : new int[] {16, 7, 3, 1}) {
                double[] a = gaussian(rng, count * rows);
                double[] x = gaussian(rng, count * cols);
                double[] start = gaussian(rng, rows * cols);
                double[] expected = start.clone();
                // The order of the code this replaced: full groups of four as axpy4, the rest one by one.
                for (int r = 0; r < rows; r++) {
                    int b = 0;
                    for (; b + 3 < count; b += 4) {
                        Kernels.axpy4(x, b * cols, (b + 1) * cols, (b + 2) * cols, (b + 3) * cols, a[b * rows + r],
                                a[(b + 1) * rows + r], a[(b + 2) * rows + r], a[(b + 3) * rows + r], expected,
                                r * cols, cols);
                    }
                    for (; b < count; b++) {
                        Kernels.axpy(a[b * rows + r], x, b * cols, expected, r * cols, cols);
                    }
                }
                double[] g = start.clone();
                Kernels.rankUpdate(a, rows, x, cols, count, g);
                assertArrayEquals(expected, g, 0.0, rows + "x" + cols + " count " + count);
            }
        }
    }

    @Test
    void floatKernelsAreCloseToDouble() {
        FastRandom rng = new FastRandom(7);
        for (int[] sh : new int[][] {{20, 22}, {22, 20}, {100, 102}}) {
            int rows = sh[0];
            int cols = sh[1];
            double[] m = gaussian(rng, rows * cols);
            double[] mt = Kernels.transpose(m, rows, cols);
            double[] x = gaussian(rng, cols);
            double[] y = new double[rows];
            Kernels.matVec(m, mt, rows, cols, x, y);
            float[] yf = new float[rows];
            Kernels32.matVec(toFloat(m), toFloat(mt), rows, cols, toFloat(x), yf);
            double norm = Math.sqrt(Dots.dot4(x, 0, x, 0, cols) * cols);
            boolean differs = false;
            for (int i = 0; i < rows; i++) {
                assertEquals(y[i], yf[i], FLOAT_TOLERANCE * norm, "row " + i);
                differs |= y[i] != yf[i];
            }
            assertTrue(differs, "float arithmetic should not reproduce every double bit");

            int count = 9;
            double[] a = gaussian(rng, count * rows);
            double[] h = gaussian(rng, count * cols);
            double[] g = new double[rows * cols];
            Kernels.rankUpdate(a, rows, h, cols, count, g);
            double[] gf = new double[rows * cols];
            Kernels32.rankUpdate(toFloat(a), rows, toFloat(h), cols, count, gf, new float[cols]);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], gf[i], FLOAT_TOLERANCE * count, "entry " + i);
            }
        }
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
