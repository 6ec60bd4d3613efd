package org.taskmix.validation;

/**
 * Bartlett's decomposition of a Wishart matrix: for {@code n ≥ d} i.i.d. {@code z_e ~ N(0, I_d)},
 * {@code Σ_e z_e z_eᵀ} has the distribution of {@code L Lᵀ} with {@code L} lower triangular,
 * {@code L_ij ~ N(0, 1)} below the diagonal and {@code L_ii² ~ χ²_{n−i}} ({@code i = 0..d−1}),
 * all independent (Bartlett 1933; e.g. Anderson, An Introduction to Multivariate Statistical
 * Analysis, Thm 7.2.1).
 *
 * <p>Why: a training prompt enters the loss only through its Gram matrix {@code S = X Xᵀ}
 * ({@code X = Λ^{1/2} Z}, docs/theory.md §2–§3 and §9.1), so drawing {@code L} instead of {@code Z} gives
 * prompts with exactly the same distribution from {@code d(d−1)/2 + d} draws instead of
 * {@code n·d}, and {@code S v = A L Lᵀ A v} costs {@code d²} instead of {@code 2n·d}
 * multiply-adds for the middle factor.
 */
final class Wishart {

    private final int n;
    private final int d;
    /** Marsaglia–Tsang constants per row {@code i}: {@code a − 1/3} and {@code 1/√(9(a − 1/3))}, {@code a = (n−i)/2}. */
    private final double[] shift;
    private final double[] scale;

    /** A sampler of Bartlett factors for {@code n ≥ d} degrees of freedom in dimension {@code d}. */
    Wishart(int n, int d) {
        if (n < d) {
            throw new IllegalArgumentException("n: value " + n + " must be >= d = " + d + " for a Bartlett factor");
        }
        this.n = n;
        this.d = d;
        this.shift = new double[d];
        this.scale = new double[d];
        for (int i = 0; i < d; i++) {
            shift[i] = 0.5 * (n - i) - 1.0 / 3;
            scale[i] = 1 / Math.sqrt(9 * shift[i]);
        }
    }

    /**
     * Fills the lower triangle (diagonal included) of {@code l} ({@code d×d}, row-major) with a
     * Bartlett factor; entries above the diagonal are left as they are (callers keep them 0).
     * Draws row by row: the normals of row {@code i}, then its diagonal.
     */
    void sample(FastRandom rng, double[] l) {
        for (int i = 0; i < d; i++) {
            rng.fillGaussian(l, i * d, i * d + i);
            double chi2;
            if (n - i == 1) {
                double z = rng.nextGaussian();
                chi2 = z * z;
            } else {
                chi2 = 2 * gamma(rng, shift[i], scale[i]);
            }
            l[i * d + i] = Math.sqrt(chi2);
        }
    }

    /** {@link #sample} with a sampler made for the call (tests). */
    static void bartlett(FastRandom rng, int n, int d, double[] l) {
        new Wishart(n, d).sample(rng, l);
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
