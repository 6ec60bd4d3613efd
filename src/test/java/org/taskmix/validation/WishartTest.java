package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WishartTest {

    private static final int DRAWS = 40_000;
    /** Monte-Carlo checks within this many standard errors (a false alarm is a 1-in-10⁶ event). */
    private static final double Z = 5;

    @Test
    void lazyColumnsHaveTheWishartMoments() {
        // For W = Σ_{e<n} z zᵀ: E W = n I, Var W_ii = 2n, Var W_ij = n (i ≠ j). W is read from the
        // lazy sampler's products with the unit vectors (all d Bartlett columns drawn).
        int d = 3;
        int n = 5;
        double[] unit = new double[d];
        double[] wCol = new double[d];
        double[] sum = new double[d * d];
        double[] sumSq = new double[d * d];
        FastRandom rng = new FastRandom(3);
        LazyWishart lazy = new LazyWishart(d, d);
        for (int t = 0; t < DRAWS; t++) {
            lazy.reset(n);
            for (int j = 0; j < d; j++) {
                java.util.Arrays.fill(unit, 0.0);
                unit[j] = 1;
                lazy.times(rng, unit, wCol);
                for (int i = 0; i < d; i++) {
                    sum[i * d + j] += wCol[i];
                    sumSq[i * d + j] += wCol[i] * wCol[i];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double var = i == j ? 2.0 * n : n;
                double mean = sum[i * d + j] / DRAWS;
                assertEquals(i == j ? n : 0, mean, Z * Math.sqrt(var / DRAWS), "mean " + i + "," + j);
                double m2 = sumSq[i * d + j] / DRAWS - mean * mean;
                // Var of a sample variance ≈ (μ4 − σ⁴)/N; μ4 ≤ 15σ⁴ here (χ² and products of normals).
                assertEquals(var, m2, Z * var * Math.sqrt(14.0 / DRAWS), "variance " + i + "," + j);
            }
        }
    }

    @Test
    void fastLogTestDecidesAsStrictMath() {
        java.util.Random r = new java.util.Random(9);
        for (int t = 0; t < 1_000_000; t++) {
            double dd = 0.5 + 100 * r.nextDouble();
            double x2 = Math.pow(4 * r.nextGaussian(), 2);
            double v = Math.pow(1 + r.nextGaussian() / Math.sqrt(9 * dd), 3);
            if (v <= 0) {
                continue;
            }
            double rhs = 0.5 * x2 + dd * (1 - v + StrictMath.log(v));
            // Half the points at u = e^rhs, a few ulps either side: the boundary itself.
            double u = t % 2 == 0 ? r.nextDouble()
                    : Math.min(1, Math.exp(rhs)) * (1 + (r.nextInt(9) - 4) * 1e-16);
            if (!(u > 0)) {
                continue;
            }
            assertEquals(StrictMath.log(u) < rhs, Wishart.logTestAccepts(u, v, x2, dd), "u " + u + " v " + v);
        }
    }

    @Test
    void gammaHasMeanAndVarianceA() {
        FastRandom rng = new FastRandom(4);
        for (double a : new double[] {1, 1.5, 7, 100}) {
            double s = 0;
            double ss = 0;
            for (int t = 0; t < DRAWS; t++) {
                double g = Wishart.gamma(rng, a);
                s += g;
                ss += g * g;
            }
            double mean = s / DRAWS;
            assertEquals(a, mean, Z * Math.sqrt(a / DRAWS), "mean, a = " + a);
            assertEquals(a, ss / DRAWS - mean * mean, Z * a * Math.sqrt((2 + 6 / a) / DRAWS), "variance, a = " + a);
        }
    }
}
