package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A chain of thought on a lazily drawn prompt equals the chain on the explicit Gram matrix
 * {@code S = A (Σ_j c_j c_jᵀ) A} of the Bartlett columns it drew: that matrix has the same
 * products along every drawn direction (docs/theory.md §9.2).
 */
class LazyCotTest {

    /** The two runs sum the same products in different orders. */
    private static final double ROUNDING = 1e-10;

    @Test
    void lazyChainEqualsTheChainOnItsDrawnColumns() {
        Random r = new Random(31);
        int d = 3;
        int dim = 2 * d + 2;
        double[] v = new double[dim * dim];
        double[] w = new double[dim * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.3 * r.nextGaussian();
            w[i] = 0.3 * r.nextGaussian();
        }
        LsaModel model = LsaModel.of(d, v, w);
        double[] root = {1.2, 0.3, -0.1, 0.3, 0.8, 0.2, -0.1, 0.2, 0.5}; // symmetric, not diagonal
        double[] wstar = {0.7, -1.1, 0.4};
        int m = 7;
        for (int kMax : new int[] {2, 6}) { // fewer steps than d, and more (all directions drawn)
            LazyWishart lazy = new LazyWishart(d, kMax);
            lazy.reset(m);
            CotKernel lazyRun = new CotKernel(model);
            lazyRun.startLazy(lazy, new FastRandom(kMax), root, false, wstar, m);
            double[] errs = new double[kMax];
            for (int k = 0; k < kMax; k++) {
                errs[k] = lazyRun.step();
            }
            assertEquals(Math.min(d, kMax), lazy.directions());

            double[] s = explicitGram(lazy, root, d);
            CotKernel explicit = new CotKernel(model);
            explicit.start(s, wstar, m);
            for (int k = 0; k < kMax; k++) {
                double e = explicit.step();
                assertEquals(e, errs[k], ROUNDING * (1 + e), "kMax " + kMax + " step " + (k + 1));
            }
        }
    }

    /** {@code A (Σ_{j<J} c_j c_jᵀ) A} for the drawn columns {@code c_j}. */
    private static double[] explicitGram(LazyWishart lazy, double[] root, int d) {
        double[] c = lazy.columns();
        double[] white = new double[d * d];
        for (int j = 0; j < lazy.directions(); j++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    white[a * d + b] += c[j * d + a] * c[j * d + b];
                }
            }
        }
        double[] s = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double x = 0;
                for (int i = 0; i < d; i++) {
                    for (int k = 0; k < d; k++) {
                        x += root[a * d + i] * white[i * d + k] * root[k * d + b];
                    }
                }
                s[a * d + b] = x;
            }
        }
        for (int a = 0; a < d; a++) { // exactly symmetric, as the kernel requires
            for (int b = a + 1; b < d; b++) {
                double avg = 0.5 * (s[a * d + b] + s[b * d + a]);
                s[a * d + b] = avg;
                s[b * d + a] = avg;
            }
        }
        return s;
    }

    @Test
    void lazyPromptsAreUsedWhereTheyCostLess() {
        assertTrue(ChainOfThought.Sampler.lazyPays(100, 400, 32));
        assertTrue(ChainOfThought.Sampler.lazyPays(5, 40, 8));
        assertFalse(ChainOfThought.Sampler.lazyPays(3, 6, 5));
        assertFalse(ChainOfThought.Sampler.lazyPays(20, 1, 32));
    }
}
