package org.taskmix.linalg;

/**
 * Gershgorin's enclosure of a symmetric matrix's spectrum: every eigenvalue lies in
 * {@code [min_i (a_ii − r_i), max_i (a_ii + r_i)]} with {@code r_i = Σ_{j≠i} |a_ij|}. One pass over
 * the matrix, no factorisation: what proves the kind of every direction when Lanczos cannot resolve
 * the extremes of a crowded spectrum (docs/theory.md §8.2).
 */
public final class Gershgorin {

    private Gershgorin() {
    }

    /**
     * {@code {lo, hi}} enclosing every eigenvalue of the row-major symmetric {@code n × n} matrix
     * {@code a}, each widened by the rounding of its sum ({@code n·ε} of the row's absolute sum), so
     * the enclosure holds for the computed sums too.
     */
    public static double[] bounds(double[] a, int n) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double slack = n * Math.ulp(1.0);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double r = 0;
            for (int j = 0; j < n; j++) {
                r += Math.abs(a[row + j]);
            }
            double diag = a[row + i];
            double pad = slack * r;
            r -= Math.abs(diag);
            lo = Math.min(lo, diag - r - pad);
            hi = Math.max(hi, diag + r + pad);
        }
        return new double[] {lo, hi};
    }
}
