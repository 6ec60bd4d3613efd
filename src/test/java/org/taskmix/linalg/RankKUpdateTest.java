package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class RankKUpdateTest {

    /**
     * Agreement with a plain double sum of the same k ≤ 130 products in the same order but
     * without fusing: the two differ by at most about k·ε relative to Σ|x_i x_j| (ε = 1.1e-16),
     * under 2e-14; 1e-13 leaves margin and still catches a dropped or doubled product (relative
     * size about 1/k).
     */
    private static final double FUSED_VS_PLAIN_TOL = 1e-13;

    @Test
    void surefireRunsTheVectorKernel() {
        // The pom's surefire argLine adds jdk.incubator.vector, so the tests below compare the
        // two implementations; without it they would compare the plain kernel with itself.
        assertTrue(RankKUpdate.vectorAvailable(), "jdk.incubator.vector missing: check the surefire argLine");
        assertTrue(RankKUpdate.create(8, 4).name().startsWith("vector"), RankKUpdate.create(8, 4).name());
        assertEquals("scalar", RankKUpdate.scalar(8, 4).name());
    }

    @Test
    void vectorAndPlainKernelsGiveTheSameBitsForEveryShape() {
        // Dimensions below, at and between the tile sizes (8 rows, 16 columns with AVX-512) and
        // odd block lengths, so every edge and diagonal tile path runs.
        for (int d : new int[] {1, 2, 7, 8, 9, 16, 17, 31, 40, 129, 301}) {
            for (int k : new int[] {1, 3, 64, 130}) {
                double[][] x = rows(k, d, 31L * d + k);
                double[][] vec = start(d, 7L * d + k);
                double[][] plain = start(d, 7L * d + k);
                RankKUpdate.create(d, 130).update(x, k, vec, 1);
                RankKUpdate.scalar(d, 130).update(x, k, plain, 1);
                assertSameBits(plain, vec, "d " + d + " k " + k);
            }
        }
    }

    @Test
    void resultIsBitIdenticalForAnyThreadCount() {
        int d = 301;
        int k = 67;
        double[][] x = rows(k, d, 3);
        for (boolean vector : new boolean[] {true, false}) {
            RankKUpdate u = vector ? RankKUpdate.create(d, k) : RankKUpdate.scalar(d, k);
            double[][] one = start(d, 5);
            u.update(x, k, one, 1);
            for (int threads : new int[] {2, 3, 7}) {
                double[][] many = start(d, 5);
                u.update(x, k, many, threads);
                assertSameBits(one, many, u.name() + ", threads " + threads);
            }
        }
    }

    @Test
    void addsTheUpperTriangleOfXtXAndLeavesTheLowerAlone() {
        int d = 45;
        int k = 37;
        double[][] x = rows(k, d, 9);
        for (RankKUpdate u : new RankKUpdate[] {RankKUpdate.create(d, k), RankKUpdate.scalar(d, k)}) {
            double[][] c = start(d, 2);
            double[][] before = start(d, 2);
            u.update(x, k, c, 1);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    if (j < i) {
                        assertEquals(before[i][j], c[i][j], 0.0, u.name() + " wrote below the diagonal at " + i + "," + j);
                        continue;
                    }
                    double sum = before[i][j];
                    double abs = Math.abs(before[i][j]);
                    for (int r = 0; r < k; r++) {
                        sum += x[r][i] * x[r][j];
                        abs += Math.abs(x[r][i] * x[r][j]);
                    }
                    assertEquals(sum, c[i][j], FUSED_VS_PLAIN_TOL * abs, u.name() + " [" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void refusesABlockLargerThanItsBuffers() {
        RankKUpdate u = RankKUpdate.create(4, 2);
        assertThrows(IllegalArgumentException.class, () -> u.update(new double[3][4], 3, new double[4][4], 1));
        assertThrows(IllegalArgumentException.class, () -> RankKUpdate.create(0, 2));
    }

    private static double[][] rows(int k, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[k][d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                // float32 values, as the readers deliver them, with a spread of magnitudes.
                row[c] = (float) (rnd.nextGaussian() * (1 + c % 5));
            }
        }
        return x;
    }

    /** A non-zero accumulator, so the final add of each chain is checked too. */
    private static double[][] start(int d, long seed) {
        Random rnd = new Random(seed);
        double[][] c = new double[d][d];
        for (double[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextDouble() * 100;
            }
        }
        return c;
    }

    private static void assertSameBits(double[][] want, double[][] got, String what) {
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want.length; j++) {
                assertEquals(Double.doubleToRawLongBits(want[i][j]), Double.doubleToRawLongBits(got[i][j]),
                        what + ": entry [" + i + "][" + j + "] " + want[i][j] + " vs " + got[i][j]);
            }
        }
    }
}
