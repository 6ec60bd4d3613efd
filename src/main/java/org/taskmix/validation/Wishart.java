package org.taskmix.validation;

/**
 * The chi-square draws of Bartlett's decomposition of a Wishart matrix: for {@code n} i.i.d.
 * {@code z_e ~ N(0, I_d)}, {@code Σ_e z_e z_eᵀ} has the distribution of {@code L Lᵀ} with
 * {@code L} lower triangular, {@code L_ij ~ N(0, 1)} below the diagonal and
 * {@code L_ii² ~ χ²_{n−i}}, all independent (Bartlett 1933; e.g. Anderson, An Introduction to
 * Multivariate Statistical Analysis, Thm 7.2.1). {@link LazyWishart} draws its columns one at a
 * time (docs/theory.md §9.2); {@code χ²_k = 2·Γ(k/2, 1)} comes from here.
 */
final class Wishart {

    private Wishart() {
    }

    /**
     * A {@code Γ(a, 1)} draw for {@code a ≥ 1} by Marsaglia and Tsang (2000): one normal and one
     * uniform per try, a logarithm only when the cheap squeeze fails (under 1% of tries for
     * {@code a ≥ 1}); acceptance above 95%. {@link StrictMath#log} keeps draws platform-exact.
     */
    static double gamma(FastRandom rng, double a) {
        double dd = a - 1.0 / 3;
        return gamma(rng, dd, 1 / Math.sqrt(9 * dd));
    }

    /** {@link #gamma(FastRandom, double)} with its constants {@code dd = a − 1/3}, {@code c = 1/√(9 dd)} precomputed. */
    static double gamma(FastRandom rng, double dd, double c) {
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) {
                return dd * v;
            }
            if (u > 0 && logTestAccepts(u, v, x2, dd)) {
                return dd * v;
            }
        }
    }

    /**
     * Below this gap between the two sides the fast logarithms' result is rechecked with
     * {@link StrictMath}: {@link Math#log} is within 1 ulp (~1e-16 relative) of it, so a larger
     * gap gives the same decision on every platform.
     */
    private static final double RECHECK_GAP = 1e-9;

    /**
     * Marsaglia and Tsang's exact test {@code log u < x²/2 + d(1 − v + log v)}. Decided with the
     * intrinsic {@link Math#log} (profiling showed {@link StrictMath#log} taking a fifth of
     * training time here) unless the sides are closer than {@link #RECHECK_GAP}; the decision,
     * hence every draw, is the one {@link StrictMath} gives.
     */
    static boolean logTestAccepts(double u, double v, double x2, double dd) {
        double gap = 0.5 * x2 + dd * (1 - v + Math.log(v)) - Math.log(u);
        if (Math.abs(gap) > RECHECK_GAP * (1 + Math.abs(Math.log(u)) + dd * Math.abs(v))) {
            return gap > 0;
        }
        return StrictMath.log(u) < 0.5 * x2 + dd * (1 - v + StrictMath.log(v));
    }
}
