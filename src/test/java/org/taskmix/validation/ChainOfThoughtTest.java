package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

class ChainOfThoughtTest {

    /** Gram-form and column-form runs sum the same products in other orders. */
    private static final double ROUNDING = 1e-10;
    /**
     * Measured and predicted curves are two independent Monte-Carlo estimates, so "within" means
     * the difference of their means lies inside the interval of a difference:
     * {@code z·√(se_measured² + se_predicted²)}. The eight k share one trained model and one
     * set of prompts, so the family is held to 95% (Bonferroni): z = Φ⁻¹(1 − 0.05/16) = 2.734.
     */
    private static final double Z_FAMILY = 2.734;
    /**
     * The trained model stands in for the optimum; at this distance its CoT error differs from the
     * optimum's by under 2% relative at k = 8 (measured with common random numbers during
     * development), below half the curves' standard error at N = 4000.
     */
    private static final double TRAINED_DISTANCE = 0.02;

    private static LsaModel structured(int d, DMatrixRMaj p) {
        assertEquals(d, p.numRows);
        return LsaModel.structured(p);
    }

    @Test
    void gramKernelMatchesTheReferenceModelOnExplicitColumns() {
        // Dense parameters, and parameters with scattered exact zeros (which exercise the
        // kernel's skipping of zero ranges while G's row ranges grow).
        compareWithReference(new Random(4), 0.0);
        compareWithReference(new Random(5), 0.6);
        compareWithReference(new Random(6), 0.85);
    }

    private static void compareWithReference(Random r, double zeroFraction) {
        int d = 3;
        int dim = 8;
        int m = 7;
        double[] v = new double[dim * dim];
        double[] w = new double[dim * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < zeroFraction ? 0 : 0.15 * r.nextGaussian();
            w[i] = r.nextDouble() < zeroFraction ? 0 : 0.15 * r.nextGaussian();
        }
        w[dim - 1] = 0.5; // keep the query's constant entry feeding u
        LsaModel model = LsaModel.of(d, v, w);
        double[] wstar = {0.5, -1, 2};
        double[][] cols = new double[m + 1][];
        double[] s = new double[d * d];
        for (int e = 0; e < m; e++) {
            double[] c = new double[dim];
            for (int a = 0; a < d; a++) {
                c[a] = r.nextGaussian();
                c[d] += c[a] * wstar[a];
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    s[a * d + b] += c[a] * c[b];
                }
            }
            cols[e] = c;
        }
        cols[m] = new double[dim];
        cols[m][dim - 1] = 1;
        CotKernel kernel = new CotKernel(model);
        kernel.start(s, wstar, m);
        for (int k = 1; k <= 6; k++) {
            double err = kernel.step();
            double[] ref = model.forwardLast(cols, m);
            double[] got = kernel.column();
            for (int i = 0; i < dim; i++) {
                assertEquals(ref[i], got[i], ROUNDING * Math.max(1, Math.abs(ref[i])), "k " + k + " row " + i);
            }
            double e2 = 0;
            for (int a = 0; a < d; a++) {
                e2 += (ref[d + 1 + a] - wstar[a]) * (ref[d + 1 + a] - wstar[a]);
            }
            assertEquals(e2 / d, err, ROUNDING * Math.max(1, e2));
            cols = Arrays.copyOf(cols, cols.length + 1);
            cols[cols.length - 1] = ref;
        }
    }

    @Test
    void structuredModelRunsThePseudoNewtonIteration() {
        // Hand-derived (docs/theory.md §4): w_{k+1} = w_k − P Ŝ_m (w_k − w*), Ŝ_m = Σ x xᵀ / m, w_0 = 0.
        int d = 2;
        int m = 3;
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.6, 0.1}, {0.2, 0.5}});
        double[][] xs = {{1, 2}, {-1, 0.5}, {0.3, -0.7}};
        double[] wstar = {1.5, -2};
        double[] s = new double[4];
        for (double[] x : xs) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    s[a * 2 + b] += x[a] * x[b];
                }
            }
        }
        CotKernel kernel = new CotKernel(structured(d, p));
        kernel.start(s, wstar, m);
        double[] wk = {0, 0};
        for (int k = 1; k <= 5; k++) {
            double[] diff = {wk[0] - wstar[0], wk[1] - wstar[1]};
            double[] sd = {(s[0] * diff[0] + s[1] * diff[1]) / m, (s[2] * diff[0] + s[3] * diff[1]) / m};
            wk = new double[] {wk[0] - (p.get(0, 0) * sd[0] + p.get(0, 1) * sd[1]),
                    wk[1] - (p.get(1, 0) * sd[0] + p.get(1, 1) * sd[1])};
            double err = kernel.step();
            double[] col = kernel.column();
            assertEquals(wk[0], col[3], ROUNDING);
            assertEquals(wk[1], col[4], ROUNDING);
            assertEquals(0, col[0], 0.0);
            assertEquals(0, col[2], 0.0);
            assertEquals(1, col[5], 0.0);
            assertEquals(((wk[0] - wstar[0]) * (wk[0] - wstar[0]) + (wk[1] - wstar[1]) * (wk[1] - wstar[1])) / 2, err,
                    ROUNDING);
        }
    }

    @Test
    void trainedModelsMeasuredErrorAgreesWithTheTheoryForKUpTo8() {
        int d = 5;
        int n = 10;
        int m = 40;
        int kMax = 8;
        int prompts = 4000;
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5);
        TrainingSettings s = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", prompts, 3L);
        TrainingResult trained = new Trainer().train(TrainingMixture.single(lambda, n), s, null);
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, n);
        double dist = Validation.distance(trained.model(), p);
        assertTrue(dist < TRAINED_DISTANCE, "trained distance " + dist);

        CotCurve measured = new ChainOfThought().evaluate(trained.model(), lambda, m, kMax, prompts, 11L, null);
        CotOracle.Estimate predicted = CotOracle.estimate(p, lambda, m, kMax, prompts, 12L);
        for (int k = 1; k <= kMax; k++) {
            CotCurve.Point pt = measured.at(k);
            double se = Math.hypot(pt.standardError(), predicted.standardError()[k - 1]);
            double diff = pt.mean() - predicted.mean()[k - 1];
            assertTrue(Math.abs(diff) <= Z_FAMILY * se, "k = " + k + ": measured " + pt.mean() + " vs predicted "
                    + predicted.mean()[k - 1] + " (combined se " + se + ")");
        }
        // CoT helps here (Σ = Λ): the error falls with k.
        assertTrue(measured.at(8).mean() < measured.at(1).mean() / 10);
    }

    @Test
    void curveIsReproducibleOnAnyNumberOfThreadsAndMatchesATwoPassComputation() {
        int d = 3;
        SymmetricMatrix sigma = TrainerTest.rotated(2, 1, 0.5, 0.2);
        LsaModel model = structured(d, Preconditioner.ofSingle(sigma, 8));
        int prompts = 37;
        int kMax = 5;
        CotCurve one = new ChainOfThought(1).evaluate(model, sigma, 6, kMax, prompts, 8L, null);
        CotCurve three = new ChainOfThought(3).evaluate(model, sigma, 6, kMax, prompts, 8L, null);
        assertEquals(one.points(), three.points());
        assertNotEquals(one.points(), new ChainOfThought(1).evaluate(model, sigma, 6, kMax, prompts, 9L, null).points());
        assertEquals(prompts * (long) kMax, one.promptSteps());

        // Two-pass mean and standard deviation from the same prompts, run one by one.
        ChainOfThought.Setup setup = ChainOfThought.setup(model, sigma, prompts);
        assertTrue(setup.diagonal(), "37 prompts run in the eigenbasis of a rotated Sigma");
        ChainOfThought.Sampler sampler = new ChainOfThought.Sampler(setup.model(), setup.root(), setup.diagonal(), 6);
        double[][] errs = new double[prompts][];
        for (int i = 0; i < prompts; i++) {
            sampler.run(FastRandom.stream(8L, ChainOfThought.EVAL_DOMAIN, i, 0), kMax);
            errs[i] = sampler.errors.clone();
        }
        for (int k = 0; k < kMax; k++) {
            double mean = 0;
            for (double[] e : errs) {
                mean += e[k];
            }
            mean /= prompts;
            double ss = 0;
            for (double[] e : errs) {
                ss += (e[k] - mean) * (e[k] - mean);
            }
            double sd = Math.sqrt(ss / (prompts - 1));
            CotCurve.Point pt = one.at(k + 1);
            assertEquals(mean, pt.mean(), 1e-12 * mean);
            assertEquals(sd, pt.sd(), 1e-10 * sd);
            // BCa bootstrap interval: brackets the mean, never below 0, and equals the summary
            // of the same per-prompt errors.
            assertTrue(0 <= pt.ciLow() && pt.ciLow() <= mean && mean <= pt.ciHigh());
            org.taskmix.theory.ErrorSummary st = org.taskmix.theory.ErrorSummary.ofColumns(errs, 8L)[k];
            assertEquals(st.ciLow(), pt.ciLow(), 0.0);
            assertEquals(st.median(), pt.median(), 0.0);
            assertEquals(st.q90(), pt.q90(), 0.0);
        }
    }

    @Test
    void eigenbasisRunOfARotatedSigmaAgreesWithTheTheory() {
        // A rotated Σ with enough prompts runs in Σ's eigenbasis (ChainOfThought.setup): the
        // curve must still be the theory's for the original coordinates.
        int d = 4;
        int m = 20;
        int kMax = 8;
        int prompts = 4000;
        SymmetricMatrix sigma = TrainerTest.rotated(5, 1.5, 1, 0.4, 0.2);
        DMatrixRMaj p = Preconditioner.ofSingle(sigma, 10);
        assertTrue(ChainOfThought.setup(structured(d, p), sigma, prompts).diagonal());
        CotCurve measured = new ChainOfThought().evaluate(structured(d, p), sigma, m, kMax, prompts, 21L, null);
        CotOracle.Estimate predicted = CotOracle.estimate(p, sigma, m, kMax, prompts, 22L);
        for (int k = 1; k <= kMax; k++) {
            CotCurve.Point pt = measured.at(k);
            double se = Math.hypot(pt.standardError(), predicted.standardError()[k - 1]);
            assertTrue(Math.abs(pt.mean() - predicted.mean()[k - 1]) <= Z_FAMILY * se, "k = " + k + ": measured "
                    + pt.mean() + " vs predicted " + predicted.mean()[k - 1] + " (combined se " + se + ")");
        }
    }

    @Test
    void gramTilesEqualSequentialDotProducts() {
        Random r = new Random(4);
        for (int d : new int[] {1, 3, 4, 7, 9}) {
            int m = 1 + r.nextInt(13);
            double[] z = new double[d * m];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.nextGaussian();
            }
            double[] c = new double[d * d];
            Kernels.gram(z, d, m, c);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double s = 0;
                    for (int e = 0; e < m; e++) {
                        s += z[a * m + e] * z[b * m + e];
                    }
                    assertEquals(s, c[a * d + b], 0.0, "d " + d + " entry " + a + "," + b);
                }
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        LsaModel model = LsaModel.initial(2);
        SymmetricMatrix sigma = SymmetricMatrix.identity(2);
        ChainOfThought cot = new ChainOfThought(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cot.evaluate(model, sigma, 0, 4, 10, 1L, null));
        assertEquals("m: value 0 must be >= 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cot.evaluate(model, sigma, 5, 0, 10, 1L, null));
        assertEquals("kMax: value 0 must lie in [1, 4096]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cot.evaluate(model, sigma, 5, 4, 1, 1L, null));
        assertEquals("test prompts: value 1 must be >= 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cot.evaluate(model, SymmetricMatrix.identity(3), 5, 4, 10, 1L, null));
        assertEquals("target covariance is 3x3 but the model has d = 2", e.getMessage());
    }

    @Test
    void untrainedModelPredictsZero() {
        // V = 0: every step returns ŵ = 0, so the error is ‖w*‖²/d at every k: mean 1, variance 2/d.
        CotCurve c = new ChainOfThought(1).evaluate(LsaModel.initial(4), SymmetricMatrix.identity(4), 5, 3, 4000, 1L, null);
        for (CotCurve.Point pt : c.points()) {
            assertEquals(c.at(1).mean(), pt.mean(), 0.0);
        }
        // 5 standard errors: a deterministic seed with no room for a borderline outcome.
        assertEquals(1.0, c.at(1).mean(), 5 * Math.sqrt(2.0 / 4 / 4000));
        assertEquals(Math.sqrt(2.0 / 4), c.at(1).sd(), 0.05);
    }
}
