package org.taskmix.theory;

import org.taskmix.linalg.RandomVariates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

/** The Wishart (Bartlett) and rank-m draws of Ŝ_m have the law of X Xᵀ/m, for any m. */
class TestSamplerTest {

    /** Draws per moment check: the standard error of each entry is then about 1/√N ≈ 0.3% of its scale. */
    private static final int DRAWS = 100_000;

    /** Five standard errors: a correct sampler fails this once in millions of runs; a wrong χ² degree fails it. */
    private static final double SE_MULTIPLE = 5;

    @Test
    void bartlettAndRankMDrawsHaveTheFirstTwoMomentsOfTheSampleCovariance() {
        Random r = new Random(3);
        int d = 4;
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 2, r);
        for (long m : new long[] {2, 4, 9}) {
            // m = 2 < d uses the rank-m draw, m = 4, 9 ≥ d the Bartlett factor.
            TestSampler sampler = new TestSampler(sigma, m);
            assertEquals(m >= d, sampler.bartlett());
            checkMoments(sigma, m, sampler);
        }
    }

    /** E[Ŝ] = Σ and E[tr(Ŝ²)] = (1 + 1/m) tr(Σ²) + (tr Σ)²/m. */
    private static void checkMoments(SymmetricMatrix sigma, long m, TestSampler sampler) {
        int d = sigma.dim();
        SplittableRandom[] streams = TestSampler.streams(17, DRAWS);
        TestSampler.Workspace ws = sampler.workspace();
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        double[] sum = new double[d * d];
        double tr2 = 0;
        double tr2sq = 0;
        for (int i = 0; i < DRAWS; i++) {
            sampler.draw(streams[i], ws, s);
            for (int e = 0; e < d * d; e++) {
                sum[e] += s.data[e];
            }
            double t = CotError.frob2(s);
            tr2 += t;
            tr2sq += t * t;
        }
        double[][] sig = sigma.toArray();
        double scale = sigma.trace() / d;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                // Var(Ŝ_ab) = (Σ_ab² + Σ_aa Σ_bb)/m.
                double se = Math.sqrt((sig[a][b] * sig[a][b] + sig[a][a] * sig[b][b]) / m / DRAWS);
                assertEquals(sig[a][b], sum[a * d + b] / DRAWS, SE_MULTIPLE * se + 1e-12 * scale,
                        "E[S_" + a + b + "] at m = " + m);
            }
        }
        double trS2 = sigma.frobeniusNorm() * sigma.frobeniusNorm();
        double expected = (1 + 1.0 / m) * trS2 + sigma.trace() * sigma.trace() / m;
        double mean = tr2 / DRAWS;
        double se = Math.sqrt((tr2sq / DRAWS - mean * mean) / DRAWS);
        assertEquals(expected, mean, SE_MULTIPLE * se, "E[tr S^2] at m = " + m);
    }

    @Test
    void hugeMIsFiniteAndConcentratesOnSigma() {
        Random r = new Random(4);
        int d = 5;
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 2, r);
        for (long m : new long[] {1_000_000_000L, 1_000_000_000_000L, Long.MAX_VALUE}) {
            TestSampler sampler = new TestSampler(sigma, m);
            DMatrixRMaj s = new DMatrixRMaj(d, d);
            sampler.draw(new SplittableRandom(1), sampler.workspace(), s);
            double[][] sig = sigma.toArray();
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    assertTrue(Double.isFinite(s.get(a, b)));
                    // Entries deviate by O(1/√m) ≤ 3e-5 at m = 1e9; 1e-3 is 30 standard deviations.
                    assertEquals(sig[a][b], s.get(a, b), 1e-3, "m = " + m);
                }
            }
        }
    }

    @Test
    void gammaDrawsHaveTheRightMeanForSmallAndHugeShapes() {
        SplittableRandom rng = new SplittableRandom(9);
        for (double shape : new double[] {0.5, 1, 3.5, 1e6, 5e11}) {
            int n = 200_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double g = RandomVariates.gamma(rng, shape);
                s += g;
                s2 += g * g;
            }
            double mean = s / n;
            double var = s2 / n - mean * mean;
            // Gamma(a, 1): mean a, variance a. Five standard errors on the mean; the variance
            // to 3% (its relative standard error is about √(2/n) ≈ 0.3%, plus 3/a kurtosis terms).
            assertEquals(shape, mean, SE_MULTIPLE * Math.sqrt(shape / n), "shape " + shape);
            assertEquals(shape, var, 0.03 * shape, "variance at shape " + shape);
        }
    }

    /** A diagonal Σ's factor skips the product with Σ^{1/2} and gives exactly the product's bits. */
    @Test
    void diagonalRootFactorIsBitIdenticalToTheProduct() {
        for (int m : new int[] {1, 12, 29}) { // EJML's product: one column, few columns, many
            diagonalRootFactor(30, m);
        }
    }

    private static void diagonalRootFactor(int d, int m) {
        double[] diag = new double[d];
        for (int i = 0; i < d; i++) {
            diag[i] = 0.2 + 0.1 * i;
        }
        TestSampler sampler = new TestSampler(SymmetricMatrix.diagonal(diag), m);
        TestSampler.Workspace ws = sampler.workspace();
        DMatrixRMaj out = new DMatrixRMaj(d, m);
        sampler.drawFactor(new SplittableRandom(9), ws, out);
        DMatrixRMaj root = SymmetricMatrix.diagonal(diag).eigen().apply(v -> Math.sqrt(Math.max(v, 0))).toEjml();
        DMatrixRMaj expected = new DMatrixRMaj(d, m);
        org.ejml.dense.row.CommonOps_DDRM.mult(1.0 / Math.sqrt((double) m), root, ws.z, expected);
        for (int i = 0; i < d * m; i++) {
            assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(out.data[i]));
        }
    }
}
