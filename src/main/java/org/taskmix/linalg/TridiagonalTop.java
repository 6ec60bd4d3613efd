package org.taskmix.linalg;

/**
 * The top of the spectrum of a symmetric tridiagonal matrix (Lanczos's {@code T_k}), in
 * {@code O(k)} per bisection step: what {@link LanczosExtremes} needs after every step to decide
 * convergence, without a {@code k³} eigendecomposition of {@code T_k}.
 */
final class TridiagonalTop {

    private static final int BISECTION_STEPS = 200;

    private TridiagonalTop() {
    }

    /**
     * For the {@code k × k} tridiagonal matrix with diagonal {@code a[0..k)} and off-diagonal
     * {@code b[0..k−1)}: {@code {θ₁, θ₁ − θ₂, s}} with {@code θ₁ ≥ θ₂} its two largest eigenvalues
     * (gap infinite when {@code k = 1}) and {@code s} the last component of the unit eigenvector
     * of {@code θ₁}.
     */
    static double[] of(double[] a, double[] b, int k) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i + 1 < k ? Math.abs(b[i]) : 0);
            lo = Math.min(lo, a[i] - r);
            hi = Math.max(hi, a[i] + r);
        }
        double pad = Math.max(Math.abs(lo), Math.abs(hi)) * 1e-15 + Double.MIN_NORMAL;
        lo -= pad;
        hi += pad;
        double theta1 = kth(a, b, k, k, lo, hi);
        double gap = k == 1 ? Double.POSITIVE_INFINITY : theta1 - kth(a, b, k, k - 1, lo, hi);
        double[] y = topVector(a, b, k, theta1);
        return new double[] {theta1, gap, y[k - 1]};
    }

    /** The {@code j}-th smallest eigenvalue (1-based) by bisection on Sturm counts; an upper end. */
    private static double kth(double[] a, double[] b, int k, int j, double lo, double hi) {
        for (int it = 0; it < BISECTION_STEPS; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (countBelow(a, b, k, mid) >= j) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** Number of eigenvalues below {@code x}: negative pivots of {@code LDLᵀ = T − xI} (Sylvester). */
    private static int countBelow(double[] a, double[] b, int k, double x) {
        int count = 0;
        double d = 1;
        for (int i = 0; i < k; i++) {
            double off = i > 0 ? b[i - 1] * b[i - 1] / d : 0;
            d = a[i] - x - off;
            if (d == 0) {
                d = -Double.MIN_NORMAL; // a zero pivot counts as just below (LAPACK's pivmin rule)
            }
            if (d < 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * The unit eigenvector of the largest eigenvalue {@code theta}: two steps of inverse iteration
     * with {@code σI − T}, {@code σ} just above {@code theta}, which is positive definite, so its
     * {@code LDLᵀ} needs no pivoting.
     */
    static double[] topVector(double[] a, double[] b, int k, double theta) {
        double sigma = theta + Math.max(Math.abs(theta) * 1e-14, Double.MIN_NORMAL);
        double[] dd = new double[k];
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            double di = sigma - a[i] - (i > 0 ? l[i - 1] * l[i - 1] * dd[i - 1] : 0);
            dd[i] = di > 0 ? di : Double.MIN_NORMAL;
            if (i + 1 < k) {
                l[i] = -b[i] / dd[i];
            }
        }
        double[] x = new double[k];
        java.util.Arrays.fill(x, 1.0);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 1; i < k; i++) {
                x[i] -= l[i - 1] * x[i - 1];
            }
            for (int i = 0; i < k; i++) {
                x[i] /= dd[i];
            }
            for (int i = k - 2; i >= 0; i--) {
                x[i] -= l[i] * x[i + 1];
            }
            double max = 0;
            for (double v : x) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < k; i++) {
                x[i] /= max;
            }
        }
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < k; i++) {
            x[i] /= norm;
        }
        return x;
    }
}
