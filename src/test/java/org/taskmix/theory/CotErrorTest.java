package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

class CotErrorTest {

    /**
     * Closed form versus naive powers: both multiply the same matrices, in different loop orders,
     * so they differ by rounding of k products of d-term sums, about k·d·1e-16 relative for the
     * well-conditioned matrices here; 1e-10 leaves ample margin and still catches any real error.
     */
    private static final double POWER_TOLERANCE = 1e-10;

    @Test
    void closedFormEqualsDirectMatrixPowers() {
        Random rng = new Random(11);
        int d = 7;
        List<Task> tasks = List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 3, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.2, 2, rng)), Task.of("c", Fixtures.randomSpd(d, 0.05, 1, rng)));
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 4, rng);
        DMatrixRMaj p = Preconditioner.of(new Catalog(tasks), new double[] {0.5, 0.3, 0.2}, 12);
        int kMax = 20;
        double[] curve = CotError.infiniteM(p, sigma, kMax);

        double[][] pa = Fixtures.toArray(p);
        double[][] ps = Fixtures.mult(pa, sigma.toArray());
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i][j] = (i == j ? 1 : 0) - ps[i][j];
            }
        }
        double[][] power = r;
        for (int k = 1; k <= kMax; k++) {
            if (k > 1) {
                power = Fixtures.mult(power, r);
            }
            double f = 0;
            for (double[] row : power) {
                for (double v : row) {
                    f += v * v;
                }
            }
            assertEquals(f / d, curve[k - 1], POWER_TOLERANCE * f / d, "k = " + k);
        }
    }

    @Test
    void singleTaskOnItsOwnCovarianceMatchesTheHandDerivedSpectrum() {
        // Σ = Λ = diag(λ), P = Γ⁻¹: I − PΣ has eigenvalues (λ_i + T)/((n+1)λ_i + T).
        double[] lam = {3, 1, 0.5, 0.25};
        double trace = 4.75;
        int n = 5;
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(lam);
        double[] curve = CotError.infiniteM(Preconditioner.ofSingle(lambda, n), lambda, 6);
        for (int k = 1; k <= 6; k++) {
            double expected = 0;
            for (double l : lam) {
                expected += Math.pow((l + trace) / ((n + 1) * l + trace), 2 * k);
            }
            assertEquals(expected / 4, curve[k - 1], 1e-14);
        }
    }

    @Test
    void oneStepFiniteMMatchesTheScalarHandDerivation() {
        // d = 1: ŝ = σχ²_m/m, E ŝ = σ, E ŝ² = σ²(1 + 2/m), so E(1 − pŝ)² = 1 − 2pσ + p²σ²(1 + 2/m).
        double sigma = 1.7;
        double p = 0.45;
        int m = 6;
        DMatrixRMaj pm = new DMatrixRMaj(1, 1, true, p);
        double expected = 1 - 2 * p * sigma + p * p * sigma * sigma * (1 + 2.0 / m);
        assertEquals(expected, CotError.oneStepFiniteM(pm, SymmetricMatrix.diagonal(sigma), m), 1e-15);
    }

    @Test
    void oneStepFiniteMIsTheClosedFormPlusAOneOverMTerm() {
        Random rng = new Random(3);
        SymmetricMatrix lambda = Fixtures.randomSpd(5, 0.2, 2, rng);
        SymmetricMatrix sigma = Fixtures.randomSpd(5, 0.2, 2, rng);
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, 10);
        double inf = CotError.infiniteM(p, sigma, 1)[0];
        // (f(m) − f(∞))·m is the same constant for every m; 1e-9 relative covers the cancellation
        // in f(m) − f(∞) at m = 10⁶ (about 1e-16·f/(c/m) ≈ 1e-10 relative).
        double c10 = (CotError.oneStepFiniteM(p, sigma, 10) - inf) * 10;
        double c1e6 = (CotError.oneStepFiniteM(p, sigma, 1_000_000) - inf) * 1_000_000;
        assertTrue(c10 > 0, "finite m adds a positive variance term");
        assertEquals(c10, c1e6, 1e-9 * c10);
        // The constant, computed independently: (‖PΣ‖_F² + tr Σ · tr(PΣPᵀ)) / d.
        double[][] ps = Fixtures.mult(Fixtures.toArray(p), sigma.toArray());
        double[][] pt = Fixtures.toArray(org.ejml.dense.row.CommonOps_DDRM.transpose(p, null));
        double[][] psp = Fixtures.mult(ps, pt);
        double frob = 0;
        double tr = 0;
        for (int i = 0; i < 5; i++) {
            tr += psp[i][i];
            for (int j = 0; j < 5; j++) {
                frob += ps[i][j] * ps[i][j];
            }
        }
        assertEquals((frob + sigma.trace() * tr) / 5, c10, 1e-12 * c10);
    }

    @Test
    void oneStepFormulaLiesInTheMonteCarloInterval() {
        Random rng = new Random(5);
        int d = 6;
        SymmetricMatrix lambda = Fixtures.randomSpd(d, 0.2, 2, rng);
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 3, rng);
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, 8);
        int m = 10;
        double exact = CotError.oneStepFiniteM(p, sigma, m);
        MonteCarloCurve mc = CotError.monteCarlo(p, sigma, m, new int[] {1, 2},
                CotError.MonteCarloSettings.of(20_000, 42));
        assertTrue(mc.ciLow()[0] <= exact && exact <= mc.ciHigh()[0],
                "exact " + exact + " outside [" + mc.ciLow()[0] + ", " + mc.ciHigh()[0] + "]");
        // The BCa interval brackets the mean and stays non-negative.
        assertTrue(mc.ciLow()[0] >= 0 && mc.ciLow()[0] < mc.mean()[0] && mc.mean()[0] < mc.ciHigh()[0]);
        // And finite m is worse than m = ∞ at k = 2 as well.
        assertTrue(mc.ciLow()[1] > CotError.infiniteM(p, sigma, 2)[1]);
    }

    @Test
    void monteCarloIsBitIdenticalForTheSameSeedOnAnyNumberOfCores() {
        Random rng = new Random(8);
        int d = 5;
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 3, rng);
        DMatrixRMaj p = Preconditioner.ofSingle(Fixtures.randomSpd(d, 0.3, 3, rng), 10);
        int[] ks = {1, 2, 3, 8, 13};
        MonteCarloCurve a = CotError.monteCarlo(p, sigma, 7, ks, new CotError.MonteCarloSettings(203, 99, true));
        MonteCarloCurve b = CotError.monteCarlo(p, sigma, 7, ks, new CotError.MonteCarloSettings(203, 99, true));
        MonteCarloCurve seq = CotError.monteCarlo(p, sigma, 7, ks, new CotError.MonteCarloSettings(203, 99, false));
        assertArrayEquals(a.mean(), b.mean());
        assertArrayEquals(a.ciHigh(), b.ciHigh());
        assertArrayEquals(a.mean(), seq.mean());
        assertArrayEquals(a.sd(), seq.sd());
        assertEquals(a, seq);
        MonteCarloCurve other = CotError.monteCarlo(p, sigma, 7, ks, new CotError.MonteCarloSettings(203, 100, true));
        assertNotEquals(a.mean()[0], other.mean()[0]);
    }

    @Test
    void binaryPoweringAgreesWithTheSequentialCurve() {
        Random rng = new Random(21);
        int d = 6;
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.3, 3, rng);
        DMatrixRMaj p = Preconditioner.ofSingle(Fixtures.randomSpd(d, 0.3, 3, rng), 4);
        double[] curve = CotError.infiniteM(p, sigma, 37);
        int[] ks = {1, 2, 5, 16, 17, 37};
        double[] sparse = CotError.errorsAt(CotError.residual(p, sigma.toEjml()), ks);
        for (int j = 0; j < ks.length; j++) {
            assertEquals(curve[ks[j] - 1], sparse[j], POWER_TOLERANCE * curve[ks[j] - 1], "k = " + ks[j]);
        }
    }

    @Test
    void overflowIsInfinityNeverNaN() {
        // P = 10 I, Σ = I: R = −9 I, error per dimension 81^k; 81^162 ≈ 1e309 overflows.
        int d = 3;
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            p.set(i, i, 10);
        }
        double[] curve = CotError.infiniteM(p, SymmetricMatrix.identity(d), 200);
        assertEquals(Math.pow(81, 100), curve[99], 1e-12 * Math.pow(81, 100));
        assertEquals(Math.pow(81, 161), curve[160], 1e-12 * Math.pow(81, 161));
        assertEquals(Double.POSITIVE_INFINITY, curve[161]);
        assertEquals(Double.POSITIVE_INFINITY, curve[199]);
        MonteCarloCurve mc = CotError.monteCarlo(p, SymmetricMatrix.identity(d), 50, new int[] {2, 400},
                CotError.MonteCarloSettings.of(10, 1));
        assertTrue(Double.isFinite(mc.mean()[0]));
        assertFalse(mc.overflow(0));
        assertEquals(Double.POSITIVE_INFINITY, mc.mean()[1]);
        assertEquals(Double.POSITIVE_INFINITY, mc.ciLow()[1]);
        assertTrue(mc.overflow(1));
    }

    @Test
    void decayingPowersUnderflowToZeroNotNaN() {
        int d = 2;
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        p.set(0, 0, 0.999);
        p.set(1, 1, 0.999);
        double[] curve = CotError.infiniteM(p, SymmetricMatrix.identity(d), 200);
        assertEquals(Math.pow(1e-6, 50), curve[49], 1e-10 * Math.pow(1e-6, 50));
        assertEquals(0.0, curve[199]);
    }

    @Test
    void rejectsBadArguments() {
        DMatrixRMaj p = CotError.residual(new DMatrixRMaj(2, 2), new DMatrixRMaj(2, 2));
        SymmetricMatrix s = SymmetricMatrix.identity(2);
        assertEquals("kMax: value 0 must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> CotError.infiniteM(p, s, 0)).getMessage());
        assertEquals("m: value 0 must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> CotError.oneStepFiniteM(p, s, 0)).getMessage());
        assertEquals("k: value 2 must exceed the previous entry 4 (ascending, no repeats)",
                assertThrows(IllegalArgumentException.class, () -> CotError.monteCarlo(p, s, 3, new int[] {4, 2},
                        CotError.MonteCarloSettings.of(5, 1))).getMessage());
        assertEquals("samples: value 1 must be >= 2 (a confidence interval needs a spread)",
                assertThrows(IllegalArgumentException.class, () -> CotError.MonteCarloSettings.of(1, 1)).getMessage());
        assertEquals("preconditioner is 2x2 but the target covariance is 3x3",
                assertThrows(IllegalArgumentException.class,
                        () -> CotError.infiniteM(p, SymmetricMatrix.identity(3), 1)).getMessage());
    }

    /**
     * The rank-m path (m < d) against dense powers of R = I − P X Xᵀ on the same factor X: the
     * expected and realised errors agree to rounding (the m×m form sums O(m) terms of order 1 where
     * the dense one sums O(d) per entry), including a diverging k where the error is huge.
     */
    @Test
    void lowRankPowersEqualDensePowers() {
        Random rng = new Random(21);
        int d = 9;
        int m = 3;
        List<Task> tasks = List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 3, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.2, 2, rng)));
        DMatrixRMaj p = Preconditioner.of(new Catalog(tasks), new double[] {0.6, 0.4}, 10);
        DMatrixRMaj x = new DMatrixRMaj(d, m);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = rng.nextGaussian() * 0.7;
        }
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = rng.nextGaussian();
        }
        DMatrixRMaj sHat = new DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(x, x, sHat);
        int[] ks = {1, 2, 3, 8, 17, 40};
        double[] denseRealised = new double[ks.length];
        double[] dense = CotError.errorsAt(CotError.residual(p, sHat), ks, w, denseRealised);
        double[] lowRealised = new double[ks.length];
        double[] low = LowRankCot.errorsAt(p, x, ks, w, lowRealised);
        for (int j = 0; j < ks.length; j++) {
            assertEquals(dense[j], low[j], POWER_TOLERANCE * Math.max(1, dense[j]), "k = " + ks[j]);
            assertEquals(denseRealised[j], lowRealised[j], POWER_TOLERANCE * Math.max(1, denseRealised[j]), "k = " + ks[j]);
        }
    }

    @Test
    void largePromptsBatchedInOneProductGiveThePromptByPromptBits() {
        int d = Products.LARGE_DIM;
        Random rng = new Random(4);
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            p.set(i, i, 0.5);
            p.set(i, rng.nextInt(d), 0.01);
        }
        SymmetricMatrix sigma = SymmetricMatrix.identity(d);
        int[] ks = {1, 3, 8};
        int samples = 11;
        // m = 6: all of a unit's prompts in one product; m = 100: units split at BATCH_COLUMNS.
        for (int m : new int[] {6, 100}) {
            assertPromptByPromptBits(p, sigma, m, ks, samples);
        }
    }

    private static void assertPromptByPromptBits(DMatrixRMaj p, SymmetricMatrix sigma, int m, int[] ks, int samples) {
        int d = sigma.dim();
        CotError.PromptErrors batched = CotError.monteCarloValues(p, sigma, m, ks,
                new CotError.MonteCarloSettings(samples, 77, true));
        TestSampler sampler = new TestSampler(sigma, m);
        java.util.SplittableRandom[] streams = TestSampler.streams(77, samples);
        // From LARGE_DIM the prompts' products run in single-precision blocks; the batch must give
        // the bits of that product prompt by prompt, and the double product's values within
        // SINGLE_PRECISION_TOLERANCE.
        Products.Left packed = Products.Left.singlePrecision(p);
        Products.Left doublePacked = new Products.Left(p);
        for (int i = 0; i < samples; i++) {
            DMatrixRMaj x = new DMatrixRMaj(d, m);
            sampler.drawFactor(streams[i], sampler.workspace(), x);
            double[] w = new double[d];
            for (int a = 0; a < d; a++) {
                w[a] = streams[i].nextGaussian();
            }
            double[] realised = new double[ks.length];
            assertArrayEquals(LowRankCot.errorsAt(packed, x, ks, w, realised), batched.expected()[i],
                    "m " + m + ", prompt " + i);
            assertArrayEquals(realised, batched.realised()[i], "m " + m + ", prompt " + i + " realised");
            double[] doubleRealised = new double[ks.length];
            double[] inDouble = LowRankCot.errorsAt(doublePacked, x, ks, w, doubleRealised);
            for (int j = 0; j < ks.length; j++) {
                assertEquals(inDouble[j], batched.expected()[i][j], SINGLE_PRECISION_TOLERANCE * inDouble[j],
                        "m " + m + ", prompt " + i + ", k = " + ks[j]);
                assertEquals(doubleRealised[j], batched.realised()[i][j], SINGLE_PRECISION_TOLERANCE * doubleRealised[j],
                        "m " + m + ", prompt " + i + ", k = " + ks[j] + " realised");
            }
        }
    }

    /**
     * Single-precision blocks of {@code U = P·X} against the double product, relative: the blocks'
     * rounding is about 3·10⁻⁷ of {@code U} (Gemm32Test) and the errors are sums of terms of
     * {@code U}'s size, so 10⁻⁵ leaves a margin while a wrong entry (an error of order 1) fails.
     */
    private static final double SINGLE_PRECISION_TOLERANCE = 1e-5;

    @Test
    void aDiagonalTargetScalesColumnsToTheProductsValues() {
        int d = Products.LARGE_DIM;
        Random rng = new Random(8);
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            s.set(i, i, 0.5 + rng.nextDouble());
            for (int j = 0; j < d; j++) {
                p.set(i, j, rng.nextGaussian());
            }
        }
        assertTrue(Products.isDiagonal(s));
        DMatrixRMaj product = new DMatrixRMaj(d, d);
        Products.mult(-1.0, p, s, product);
        DMatrixRMaj scaled = new DMatrixRMaj(d, d);
        Products.multBySymmetric(-1.0, p, s, scaled);
        for (int i = 0; i < d * d; i++) {
            // Zero tolerance with a delta: equal values, a zero's sign aside.
            assertEquals(product.data[i], scaled.data[i], 0.0, "entry " + i);
        }
        s.set(3, 5, 1e-300);
        assertFalse(Products.isDiagonal(s));
    }
}
