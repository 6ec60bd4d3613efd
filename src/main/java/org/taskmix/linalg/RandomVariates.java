package org.taskmix.linalg;

import java.util.SplittableRandom;

/**
 * Random variates that {@link SplittableRandom} lacks, shared by every sampler that needs them
 * (Wishart draws of sample covariances and of test-prompt moments; docs/theory.md §7–8).
 */
public final class RandomVariates {
    private RandomVariates() {
    }

    /**
     * A {@code Gamma(shape, 1)} draw by Marsaglia and Tsang (2000): exact, a bounded expected
     * number of tries for every {@code shape ≥ 1} however large; {@code shape < 1} by the boost
     * {@code Gamma(a) = Gamma(a + 1)·U^{1/a}}.
     *
     * @throws IllegalArgumentException if {@code shape} is not positive and finite
     */
    public static double gamma(SplittableRandom rng, double shape) {
        if (!(shape > 0) || shape == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a Gamma draw needs a positive finite shape, got " + shape);
        }
        if (shape < 1) {
            double g = gamma(rng, shape + 1);
            double u = rng.nextDouble();
            return g * Math.pow(u, 1 / shape);
        }
        double dd = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * dd);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            // Work with v³ through its logarithm and the increment t = v³ − 1 to keep precision
            // when dd is huge (shape ~ 1e12): dd·(1 − v³ + log v³) is then a small difference.
            double lv3 = 3 * Math.log1p(c * x);
            double t = Math.expm1(lv3);
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + dd * (lv3 - t)) {
                return dd + dd * t;
            }
        }
    }

    /**
     * χ² with {@code k} degrees of freedom (not necessarily whole): {@code 2·Gamma(k/2)}. For
     * {@code k ≤ 0} it is 0: a Bartlett factor's diagonal entry beyond the rank.
     */
    public static double chiSquare(SplittableRandom rng, double k) {
        return k <= 0 ? 0 : 2 * gamma(rng, k / 2);
    }
}
