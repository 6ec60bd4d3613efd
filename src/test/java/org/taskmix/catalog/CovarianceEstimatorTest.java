package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class CovarianceEstimatorTest {

    /**
     * Agreement with a naive two-pass sum over up to 200,000 rows: both sum the same products in
     * different orders, so they differ by O(√N·ε) relative to the largest entry, about 1e-13;
     * 1e-11 leaves margin and is far below any real error (a dropped row moves entries by 1/N).
     */
    private static final double SUM_ORDER_TOL = 1e-11;

    /**
     * Sampling bound: Ŝ_ij is a mean of N i.i.d. products x_i x_j with variance
     * Λ_ii Λ_jj + Λ_ij² (Isserlis), so it deviates by at most K standard errors. K = 6: a normal
     * tail beyond 6σ has probability 2e-9, times 21 entries (d = 6) still below 1e-7, and the
     * data are seeded, so the check is reproducible; the centred estimate has the same leading
     * variance (the mean's correction is O(1/N) smaller).
     */
    private static final double K_SIGMA = 6;

    @Test
    void handComputedSecondMomentAndCovariance() {
        // Rows (1,2), (3,4), (-1,0): Σxxᵀ = [[11, 14], [14, 20]], so S = that / 3.
        double[] rows = {1, 2, 3, 4, -1, 0};
        CovarianceEstimator raw = new CovarianceEstimator(2, false);
        raw.accept(rows, 3);
        SymmetricMatrix s = raw.covariance();
        assertEquals(11.0 / 3, s.get(0, 0), 1e-15);
        assertEquals(14.0 / 3, s.get(0, 1), 1e-15);
        assertEquals(20.0 / 3, s.get(1, 1), 1e-15);
        assertArrayEquals(new double[] {1, 2}, raw.mean(), 1e-15);
        // Mean (1, 2); deviations (0,0), (2,2), (-2,-2): M2 = [[8, 8], [8, 8]], covariance M2 / 2.
        CovarianceEstimator cen = new CovarianceEstimator(2, true);
        cen.accept(rows, 3);
        SymmetricMatrix c = cen.covariance();
        assertEquals(4.0, c.get(0, 0), 1e-15);
        assertEquals(4.0, c.get(0, 1), 1e-15);
        assertEquals(4.0, c.get(1, 1), 1e-15);
        assertEquals(3, cen.count());
    }

    @Test
    void matchesNaiveTwoPassAcrossChunkBoundaries() {
        int d = 5;
        int n = 2 * CovarianceEstimator.CHUNK_ROWS + 1234;
        double[] x = randomRows(n, d, 11, 3.0);
        for (boolean center : new boolean[] {false, true}) {
            SymmetricMatrix got = CovarianceEstimator.of(new MemoryRows(x, d, 1000), center, 1).covariance();
            double[][] want = naive(x, n, d, center);
            double scale = Math.abs(want[0][0]);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    assertEquals(want[i][j], got.get(i, j), SUM_ORDER_TOL * scale, "center=" + center + " [" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void resultIsBitIdenticalForAnyBlockSplitAndThreadCount() {
        int d = 7;
        int n = 3 * CovarianceEstimator.CHUNK_ROWS + 77;
        double[] x = randomRows(n, d, 5, 1.0);
        for (boolean center : new boolean[] {false, true}) {
            SymmetricMatrix ref = CovarianceEstimator.of(new MemoryRows(x, d, 4096), center, 1).covariance();
            for (int block : new int[] {1, 255, 257, 10_000}) {
                assertEquals(ref, CovarianceEstimator.of(new MemoryRows(x, d, block), center, 1).covariance(),
                        "block " + block + " center " + center);
            }
            for (int threads : new int[] {2, 3, 8}) {
                assertEquals(ref, CovarianceEstimator.of(new MemoryRows(x, d, 999), center, threads).covariance(),
                        "threads " + threads + " center " + center);
            }
        }
    }

    /**
     * Stability of the one-pass centring: values 1e8 ± 1 (exact in binary). The textbook
     * one-pass formula Σx²/N − x̄² loses all digits here (x² ≈ 1e16 has an ulp of 2); the
     * pairwise update must give the exact variance N/(N − 1) to near machine precision.
     */
    @Test
    void centringIsStableForALargeMean() {
        int n = 100_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1e8 + (i % 2 == 0 ? 1 : -1);
        }
        SymmetricMatrix c = CovarianceEstimator.of(new MemoryRows(x, 1, 3000), true, 1).covariance();
        assertEquals((double) n / (n - 1), c.get(0, 0), 1e-9);
        double naive = 0;
        for (double v : x) {
            naive += v * v;
        }
        naive = (naive / n - 1e16) * n / (n - 1);
        assertTrue(Math.abs(naive - (double) n / (n - 1)) > 1e-3, "the naive formula should fail here: " + naive);
    }

    @Test
    void floatBlocksGiveTheSameResultAsDoubleBlocks() {
        int d = 4;
        int n = 5000;
        Random rng = new Random(3);
        float[] f = new float[n * d];
        double[] x = new double[n * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextGaussian();
            x[i] = f[i];
        }
        CovarianceEstimator a = new CovarianceEstimator(d, true);
        a.accept(f, n);
        CovarianceEstimator b = new CovarianceEstimator(d, true);
        b.accept(x, n);
        assertEquals(b.covariance(), a.covariance());
    }

    @Test
    void mergeEqualsOneStreamUpToRounding() {
        int d = 3;
        double[] x = randomRows(3000, d, 9, 2.0);
        CovarianceEstimator whole = new CovarianceEstimator(d, true);
        whole.accept(x, 3000);
        CovarianceEstimator first = new CovarianceEstimator(d, true);
        first.accept(x, 1000);
        CovarianceEstimator second = new CovarianceEstimator(d, true);
        double[] rest = new double[2000 * d];
        System.arraycopy(x, 1000 * d, rest, 0, rest.length);
        second.accept(rest, 2000);
        first.merge(second);
        assertEquals(3000, first.count());
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(whole.covariance().get(i, j), first.covariance().get(i, j), 1e-12);
            }
        }
    }

    @Test
    void gaussianSamplesRecoverTheCovarianceWithinTheSamplingBound() {
        int d = 6;
        int n = 20_000;
        SymmetricMatrix lambda = Generators.powerLaw(d, 0.8, 21).build();
        double[] x = MemoryRows.gaussian(lambda, n, 99);
        for (boolean center : new boolean[] {false, true}) {
            SymmetricMatrix s = CovarianceEstimator.of(new MemoryRows(x, d, 512), center, 2).covariance();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double se = Math.sqrt((lambda.get(i, i) * lambda.get(j, j) + lambda.get(i, j) * lambda.get(i, j)) / n);
                    double bound = K_SIGMA * se;
                    // Informative: at most 6·√(2/N) ≈ 6% of √(Λ_ii Λ_jj), the scale of the entry.
                    assertTrue(bound < 0.1 * Math.sqrt(lambda.get(i, i) * lambda.get(j, j)), "bound too loose");
                    assertEquals(lambda.get(i, j), s.get(i, j), bound, "center=" + center + " [" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void nonFiniteSampleIsNamedByRowAndColumn() {
        CovarianceEstimator e = new CovarianceEstimator(2, false);
        e.accept(new double[] {1, 2, 3, 4}, 2);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.accept(new double[] {5, 6, 7, Double.NaN}, 2));
        assertEquals("row 3, column 1 (counting from 0): value NaN is not finite; samples must be finite numbers",
                ex.getMessage());
    }

    @Test
    void tooFewSamplesAreRejected() {
        CovarianceEstimator e = new CovarianceEstimator(2, true);
        e.accept(new double[] {1, 2}, 1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e::covariance);
        assertEquals("has 1 samples; a centred covariance needs at least 2", ex.getMessage());
    }

    private static double[] randomRows(int n, int d, long seed, double offset) {
        Random rng = new Random(seed);
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                x[r * d + c] = offset * (c + 1) + rng.nextGaussian() * (1 + c);
            }
        }
        return x;
    }

    private static double[][] naive(double[] x, int n, int d, boolean center) {
        double[] mean = new double[d];
        if (center) {
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < d; c++) {
                    mean[c] += x[r * d + c];
                }
            }
            for (int c = 0; c < d; c++) {
                mean[c] /= n;
            }
        }
        double[][] s = new double[d][d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    s[i][j] += (x[r * d + i] - mean[i]) * (x[r * d + j] - mean[j]);
                }
            }
        }
        double div = center ? n - 1 : n;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] /= div;
            }
        }
        return s;
    }

    @Test
    void sharedBlockUpdateAtLargeDimensionIsBitIdenticalForAnyThreadCount() {
        // d = 301 (above RankKUpdate.PARALLEL_MIN_DIM) and 3 blocks and a bit, fewer rows than a chunk:
        // each block's update is shared between threads; the result must not depend on how many.
        int d = 301;
        int n = 3 * CovarianceEstimator.BLOCK_ROWS + 17;
        double[] x = randomRows(n, d, 21, 2.0);
        for (boolean center : new boolean[] {false, true}) {
            SymmetricMatrix ref = CovarianceEstimator.of(new MemoryRows(x, d, 100), center, 1).covariance();
            for (int threads : new int[] {2, 3}) {
                assertEquals(ref, CovarianceEstimator.of(new MemoryRows(x, d, 100), center, threads).covariance(),
                        "threads " + threads + " center " + center);
            }
            double[][] want = naive(x, n, d, center);
            assertEquals(want[5][300], ref.get(5, 300), SUM_ORDER_TOL * Math.abs(want[0][0]));
        }
    }
}
