package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.Moments;

/** Lazy Bartlett columns: consistent products of one symmetric matrix, with the Wishart law. */
class LazyWishartTest {

    /** Products of the same matrix computed in different orders agree to this (relative to |S|·|x|). */
    private static final double ROUNDING = 1e-12;

    /** Monte Carlo means are compared within this many standard errors (a fixed seed: no flakiness). */
    private static final double SIGMAS = 5;

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void productsAreThoseOfOneSymmetricMatrix() {
        int d = 5;
        for (int n : new int[] {1, 2, 4, 9}) {
            LazyWishart s = new LazyWishart(d, d + 2);
            FastRandom rng = new FastRandom(n);
            s.reset(n);
            double[][] x = new double[d + 2][d];
            double[][] sx = new double[d + 2][d];
            for (int j = 0; j < d + 2; j++) {
                rng.fillGaussian(x[j], 0, d);
                s.times(rng, x[j], sx[j]);
            }
            assertEquals(d, s.directions(), "n = " + n);
            // The explicit S = Σ_j c_j c_jᵀ once the directions span R^d.
            double[] c = s.columns();
            double scale = 0;
            for (int j = 0; j < d + 2; j++) {
                for (int a = 0; a < d; a++) {
                    double e = 0;
                    for (int k = 0; k < d; k++) {
                        double sak = 0;
                        for (int col = 0; col < d; col++) {
                            sak += c[col * d + a] * c[col * d + k];
                        }
                        e += sak * x[j][k];
                    }
                    scale = Math.max(scale, Math.abs(e));
                    assertEquals(e, sx[j][a], ROUNDING * (1 + scale) * d, "n = " + n + " product " + j);
                }
            }
            // Symmetry: x_i·S x_j = x_j·S x_i.
            for (int i = 0; i < d + 2; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(dot(x[i], sx[j]), dot(x[j], sx[i]), ROUNDING * (1 + scale) * d * d);
                }
            }
            // Rank n: the products span at most n dimensions (columns beyond n are zero).
            for (int col = n; col < d; col++) {
                for (int a = 0; a < d; a++) {
                    assertEquals(0.0, c[col * d + a], 0.0);
                }
            }
        }
    }

    @Test
    void adaptiveProductsHaveTheLawOfExplicitExamples() {
        // x_1 = e_0, x_2 = S x_1 (chosen from the first product): the statistics x_1ᵀ S x_1,
        // x_2ᵀ S x_2 = e_0ᵀ S³ e_0 and |S x_2|² = e_0ᵀ S⁴ e_0, lazily versus from n explicit examples.
        int d = 4;
        int n = 6;
        int draws = 40_000;
        double[][] lazy = new double[3][draws];
        double[][] explicit = new double[3][draws];
        LazyWishart s = new LazyWishart(d, 2);
        FastRandom rng = new FastRandom(11);
        FastRandom rz = new FastRandom(12);
        double[] x1 = new double[d];
        x1[0] = 1;
        double[] y1 = new double[d];
        double[] y2 = new double[d];
        double[] z = new double[n * d];
        for (int t = 0; t < draws; t++) {
            s.reset(n);
            s.times(rng, x1, y1);
            s.times(rng, y1, y2);
            lazy[0][t] = y1[0];
            lazy[1][t] = dot(y1, y2);
            lazy[2][t] = dot(y2, y2);
            rz.fillGaussian(z, 0, n * d);
            explicitTimes(z, n, d, x1, y1);
            explicitTimes(z, n, d, y1, y2);
            explicit[0][t] = y1[0];
            explicit[1][t] = dot(y1, y2);
            explicit[2][t] = dot(y2, y2);
        }
        // E[e_0ᵀ S e_0] = n exactly.
        assertEquals(n, Moments.mean(lazy[0]), SIGMAS * stdErr(lazy[0]));
        for (int k = 0; k < 3; k++) {
            double se = Math.hypot(stdErr(lazy[k]), stdErr(explicit[k]));
            assertEquals(Moments.mean(explicit[k]), Moments.mean(lazy[k]), SIGMAS * se, "statistic " + k);
        }
    }

    private static void explicitTimes(double[] z, int n, int d, double[] x, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int e = 0; e < n; e++) {
            double p = 0;
            for (int a = 0; a < d; a++) {
                p += z[e * d + a] * x[a];
            }
            for (int a = 0; a < d; a++) {
                out[a] += p * z[e * d + a];
            }
        }
    }

    private static double stdErr(double[] v) {
        return Moments.sd(v) / Math.sqrt(v.length);
    }

    @Test
    void tooManyProductsAreRefused() {
        LazyWishart s = new LazyWishart(4, 2);
        FastRandom rng = new FastRandom(3);
        s.reset(5);
        double[] out = new double[4];
        s.times(rng, new double[] {1, 0, 0, 0}, out);
        s.times(rng, new double[] {0, 1, 0, 0}, out);
        // Inside the span: no new direction needed.
        s.times(rng, new double[] {2, -1, 0, 0}, out);
        assertEquals(2, s.directions());
        assertThrows(IllegalStateException.class, () -> s.times(rng, new double[] {0, 0, 1, 0}, out));
        assertThrows(IllegalArgumentException.class, () -> s.reset(0));
    }
}
