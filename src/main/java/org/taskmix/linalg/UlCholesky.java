package org.taskmix.linalg;

import java.util.stream.IntStream;

/**
 * The "reverse" Cholesky factorisation {@code A = U Uᵀ} of a symmetric positive definite matrix,
 * {@code U} upper triangular, computed from the last column to the first in panels of
 * {@value #PANEL} columns, so that the trailing update of each panel,
 * {@code A[0:p, 0:p] −= U₁₂U₁₂ᵀ}, is a symmetric rank-{@value #PANEL} update of a leading block
 * whose rows start at index 0: exactly the covariance kernel {@link RankKUpdate} (BLAS's SYRK on
 * the Vector API, docs/theory.md §9.2). The working matrix is kept negated ({@code W = −A}), so
 * the kernel's {@code C += XᵀX} is the subtraction. Nearly all of the {@code d³/3} flops run in
 * that kernel, on all cores; each entry is summed in an order fixed by {@code d} alone, so the
 * factor is bit-identical for any thread count.
 *
 * <p>Used as an exact positive-definiteness test and to apply {@code A⁻¹} (two triangular solves)
 * in {@link LanczosExtremes}; docs/theory.md §8, "d = 4096".
 */
final class UlCholesky {

    /** Columns per panel: the kernel's block height, as in covariance estimation (128-row blocks). */
    static final int PANEL = 128;

    private final int n;
    private final double[][] u; // U in the upper triangle (rows i, columns j ≥ i); below: scratch

    private UlCholesky(int n, double[][] u) {
        this.n = n;
        this.u = u;
    }

    /**
     * Factors the row-major {@code n × n} symmetric matrix {@code a}, or returns null if a pivot is
     * not positive (the matrix is not positive definite in floating point).
     */
    static UlCholesky factor(double[] a, int n, int threads) {
        return factor(a, n, 0, threads);
    }

    /** {@link #factor(double[], int, int)} of {@code A + shift·I}. */
    static UlCholesky factor(double[] a, int n, double shift, int threads) {
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] row = new double[n];
            for (int j = i; j < n; j++) {
                row[j] = -a[i * n + j];
            }
            row[i] -= shift;
            w[i] = row;
        }
        for (int p1 = n; p1 > 0; p1 -= PANEL) {
            int p0 = Math.max(0, p1 - PANEL);
            if (!factorDiagonalBlock(w, p0, p1)) {
                return null;
            }
            if (p0 == 0) {
                break;
            }
            solvePanel(w, p0, p1, threads);
            // Trailing update W[0:p0, 0:p0] += U12 U12ᵀ, with rows x[r] = column p0 + r of U12.
            int k = p1 - p0;
            double[][] x = new double[k][p0];
            boolean zero = true;
            for (int i = 0; i < p0; i++) {
                double[] wi = w[i];
                for (int r = 0; r < k; r++) {
                    double v = wi[p0 + r];
                    x[r][i] = v;
                    zero &= v == 0;
                }
            }
            if (zero) {
                addPositiveZero(w, p0);
            } else {
                RankKUpdate.create(p0, k).update(x, k, w, threads);
            }
        }
        return new UlCholesky(n, w);
    }

    /**
     * What the trailing update does when {@code U₁₂} is all zeros (a block-diagonal matrix, such as
     * an identity or diagonal target, whose factor costs the full {@code d³/3} flops otherwise):
     * every product is ±0, so the kernel's chain is {@code +0} and each entry becomes
     * {@code c + (+0)}, which is {@code c} except that {@code −0} turns into {@code +0}. Doing
     * exactly that keeps the factor's bits.
     */
    private static void addPositiveZero(double[][] w, int p0) {
        for (int i = 0; i < p0; i++) {
            double[] wi = w[i];
            for (int j = i; j < p0; j++) {
                if (wi[j] == 0) {
                    wi[j] = 0.0;
                }
            }
        }
    }

    /** Entry {@code (i, j)}, {@code j ≥ i}, of the factor {@code U} (for tests). */
    double factorEntry(int i, int j) {
        return u[i][j];
    }

    /** {@code B = U₂₂U₂₂ᵀ} for the diagonal block {@code [p0, p1)} (stored negated), in place. */
    private static boolean factorDiagonalBlock(double[][] w, int p0, int p1) {
        for (int j = p1 - 1; j >= p0; j--) {
            double[] wj = w[j];
            double s = -wj[j];
            for (int k = j + 1; k < p1; k++) {
                s -= wj[k] * wj[k];
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                return false;
            }
            double ujj = Math.sqrt(s);
            wj[j] = ujj;
            for (int i = p0; i < j; i++) {
                double[] wi = w[i];
                double t = -wi[j];
                for (int k = j + 1; k < p1; k++) {
                    t -= wi[k] * wj[k];
                }
                wi[j] = t / ujj;
            }
        }
        return true;
    }

    /** {@code U₁₂ = A₁₂ U₂₂⁻ᵀ} row by row (rows {@code [0, p0)}, columns {@code [p0, p1)}). */
    private static void solvePanel(double[][] w, int p0, int p1, int threads) {
        int chunks = Math.max(1, Math.min(threads, p0 / 64));
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int hi = p0 * (c + 1) / chunks;
            int i = p0 * c / chunks;
            for (; i + 4 <= hi; i += 4) {
                solveRows4(w[i], w[i + 1], w[i + 2], w[i + 3], w, p0, p1);
            }
            for (; i < hi; i++) {
                solveRow(w[i], w, p0, p1);
            }
        });
    }

    /** The panel solve of one row {@code wi}: columns {@code p1 − 1} down to {@code p0}, one chain per entry. */
    static void solveRow(double[] wi, double[][] w, int p0, int p1) {
        for (int col = p1 - 1; col >= p0; col--) {
            double[] wc = w[col];
            double t = -wi[col];
            for (int k = col + 1; k < p1; k++) {
                t -= wi[k] * wc[k];
            }
            wi[col] = t / wc[col];
        }
    }

    /**
     * The panel solve of four rows side by side: each row's arithmetic is exactly the one-row
     * loop's (one chain per entry, {@code k} ascending), but the four rows are independent, so
     * their chains overlap instead of each waiting on the adder's latency (about 3x faster at
     * d = 4096, where this loop was a sixth of the factor's time) and share the loads of
     * {@code U₂₂}.
     */
    private static void solveRows4(double[] w0, double[] w1, double[] w2, double[] w3, double[][] w, int p0, int p1) {
        for (int col = p1 - 1; col >= p0; col--) {
            double[] wc = w[col];
            double t0 = -w0[col];
            double t1 = -w1[col];
            double t2 = -w2[col];
            double t3 = -w3[col];
            for (int k = col + 1; k < p1; k++) {
                double u = wc[k];
                t0 -= w0[k] * u;
                t1 -= w1[k] * u;
                t2 -= w2[k] * u;
                t3 -= w3[k] * u;
            }
            double diag = wc[col];
            w0[col] = t0 / diag;
            w1[col] = t1 / diag;
            w2[col] = t2 / diag;
            w3[col] = t3 / diag;
        }
    }

    /** {@code x ← A⁻¹ x = U⁻ᵀ U⁻¹ x} in place (two triangular solves, {@code 2n²} flops). */
    void solveInPlace(double[] x) {
        // U y = x: back substitution, row dot products.
        for (int i = n - 1; i >= 0; i--) {
            double[] ui = u[i];
            x[i] = (x[i] - Dots.dot2(ui, i + 1, x, i + 1, n - i - 1)) / ui[i];
        }
        // Uᵀ z = y: forward, as axpys along the rows of U (contiguous, vectorised by the JIT).
        for (int i = 0; i < n; i++) {
            double[] ui = u[i];
            double zi = x[i] / ui[i];
            x[i] = zi;
            for (int j = i + 1; j < n; j++) {
                x[j] -= ui[j] * zi;
            }
        }
    }

    /** The rows of {@code U}: entries {@code j ≥ i} of row {@code i} (below the diagonal: zeros). */
    double[][] rows() {
        return u;
    }
}
