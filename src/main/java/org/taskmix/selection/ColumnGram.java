package org.taskmix.selection;

import org.taskmix.linalg.Dots;

/**
 * The dot products of a selection matrix's columns with each other and with the target, every
 * entry with the bits of the {@link Dots} call it replaces: {@link #dot2} those of
 * {@code Dots.dot2(a, i·rows, a, j·rows, rows)} ({@link OjAlgoSolver}'s {@code AᵀA}),
 * {@link #dot4} those of {@code Dots.dot4} on the same columns ({@link FreeSetFactor}'s Newton
 * matrix) and {@link #dot4Target} those of {@code Dots.dot4(a, i·rows, b, 0, rows)}
 * ({@code Aᵀb}).
 *
 * <p>Why one pass: called pair by pair, {@code T(T+1)/2} products of length {@code rows} read the
 * matrix about {@code T} times over and each waits on its adder's latency (measured at d = 4096,
 * T = 20: 1.3 s for {@code AᵀA} alone, plus as much again for the Newton matrix). Here the rows
 * are cut into blocks small enough to stay in cache; every pair keeps its {@code dot2} and
 * {@code dot4} accumulators from block to block and adds its products in the same order as the
 * call it replaces (a block starts at a multiple of four, so the chains' roles by row index
 * modulo two and four carry over; the tail past the last multiple of four goes where
 * {@code Dots} puts it). Both sums share each product, and several pairs run side by side, so the
 * adders are kept busy (measured at d = 4096, T = 20: 0.9 s against 2.5 s pair by pair). The
 * result does not depend on the block size or on threads (there are none).
 *
 * <p>A Vector API version of the loops (two-lane accumulators, same bits) ran in 0.7–0.9 s in a
 * JVM of its own but 8–9 s inside {@code solve}, where C2's on-stack compilation of the block loop
 * was not entrant for seconds; plain loops do not depend on that.
 */
final class ColumnGram {

    /**
     * Largest {@code T} for which the entries are formed and kept with the problem: two
     * {@code T × T} tables (1 MB at 256), where ojAlgo's own {@code T × T} matrix is the larger
     * cost anyway; above it callers use {@link Dots} pair by pair, as before.
     */
    static final int MAX_TASKS = 256;

    /**
     * Rows per block: 1,024 rows of {@code T + 1} columns is 168 KB at T = 20, inside the L2
     * cache, so each column block is read from memory once; a multiple of four by construction.
     */
    static final int BLOCK_ROWS = 1024;

    /** Accumulators per pair: {@code dot2}'s two chains, then {@code dot4}'s four. */
    private static final int ACC = 6;

    private final int t;
    /** Row-major {@code T × T}, symmetric. */
    private final double[] dot2;
    /** Row-major {@code T × T}, symmetric. */
    private final double[] dot4;
    private final double[] dot4Target;

    private ColumnGram(int t, double[] dot2, double[] dot4, double[] dot4Target) {
        this.t = t;
        this.dot2 = dot2;
        this.dot4 = dot4;
        this.dot4Target = dot4Target;
    }

    /**
     * The entries of the {@code rows × t} column-major matrix {@code a} (column {@code l} at
     * {@code l·rows}) and the target {@code b}, in one blocked pass.
     */
    static ColumnGram of(double[] a, int rows, int t, double[] b) {
        if (rows < 1 || t < 1 || a.length < (long) rows * t || b.length < rows) {
            throw new IllegalArgumentException(a.length + " entries and a target of " + b.length + " for " + rows
                    + " rows and " + t + " columns");
        }
        // Pair (i, j) for j ≤ t, where j = t stands for the target; row i of the triangle starts at base(i).
        int pairs = (t + 1) * (t + 2) / 2 - 1;
        double[] acc = new double[pairs * ACC];
        int whole = rows - rows % 4;
        for (int lo = 0; lo < whole; lo += BLOCK_ROWS) {
            int hi = Math.min(whole, lo + BLOCK_ROWS);
            for (int i = 0; i < t; i++) {
                int xo = i * rows;
                int p = pairIndex(t, i, i);
                int j = i;
                for (; j + 1 < t; j += 2, p += 2) {
                    quadsTwo(a, xo, a, j * rows, a, (j + 1) * rows, lo, hi, acc, p * ACC);
                }
                if (j < t) {
                    quadsOne(a, xo, a, j * rows, lo, hi, acc, p * ACC);
                    p++;
                }
                quadsOne(a, xo, b, 0, lo, hi, acc, p * ACC);
            }
        }
        double[] d2 = new double[t * t];
        double[] d4 = new double[t * t];
        double[] db = new double[t];
        for (int i = 0; i < t; i++) {
            int xo = i * rows;
            for (int j = i; j <= t; j++) {
                int p = pairIndex(t, i, j) * ACC;
                if (j < t) {
                    tail(a, xo, a, j * rows, whole, rows, acc, p);
                    d2[i * t + j] = acc[p] + acc[p + 1];
                    d2[j * t + i] = d2[i * t + j];
                    d4[i * t + j] = (acc[p + 2] + acc[p + 3]) + (acc[p + 4] + acc[p + 5]);
                    d4[j * t + i] = d4[i * t + j];
                } else {
                    tail(a, xo, b, 0, whole, rows, acc, p);
                    db[i] = (acc[p + 2] + acc[p + 3]) + (acc[p + 4] + acc[p + 5]);
                }
            }
        }
        return new ColumnGram(t, d2, d4, db);
    }

    /** Position of pair {@code (i, j)}, {@code i ≤ j ≤ t}, in the triangle of {@code t + 1} columns without {@code (t, t)}. */
    private static int pairIndex(int t, int i, int j) {
        return i * (t + 1) - i * (i - 1) / 2 + (j - i);
    }

    /** Number of columns {@code T}. */
    int size() {
        return t;
    }

    /** The bits of {@code Dots.dot2(a, i·rows, a, j·rows, rows)}. */
    double dot2(int i, int j) {
        return dot2[i * t + j];
    }

    /** The bits of {@code Dots.dot4(a, i·rows, a, j·rows, rows)}. */
    double dot4(int i, int j) {
        return dot4[i * t + j];
    }

    /** The bits of {@code Dots.dot4(a, i·rows, b, 0, rows)}. */
    double dot4Target(int i) {
        return dot4Target[i];
    }

    /**
     * Rows {@code [lo, hi)} (a whole number of quads from a multiple of four) of the pairs
     * {@code (x, y)} and {@code (x, z)}, accumulators at {@code p} and {@code p + ACC}: two pairs
     * side by side give the adder twelve independent chains.
     */
    private static void quadsTwo(double[] x, int xo, double[] y, int yo, double[] z, int zo, int lo, int hi,
                                 double[] acc, int p) {
        double a0 = acc[p];
        double a1 = acc[p + 1];
        double b0 = acc[p + 2];
        double b1 = acc[p + 3];
        double b2 = acc[p + 4];
        double b3 = acc[p + 5];
        double c0 = acc[p + ACC];
        double c1 = acc[p + ACC + 1];
        double e0 = acc[p + ACC + 2];
        double e1 = acc[p + ACC + 3];
        double e2 = acc[p + ACC + 4];
        double e3 = acc[p + ACC + 5];
        for (int k = lo; k < hi; k += 4) {
            double x0 = x[xo + k];
            double x1 = x[xo + k + 1];
            double x2 = x[xo + k + 2];
            double x3 = x[xo + k + 3];
            double p0 = x0 * y[yo + k];
            double p1 = x1 * y[yo + k + 1];
            double p2 = x2 * y[yo + k + 2];
            double p3 = x3 * y[yo + k + 3];
            double q0 = x0 * z[zo + k];
            double q1 = x1 * z[zo + k + 1];
            double q2 = x2 * z[zo + k + 2];
            double q3 = x3 * z[zo + k + 3];
            a0 += p0;
            a1 += p1;
            a0 += p2;
            a1 += p3;
            b0 += p0;
            b1 += p1;
            b2 += p2;
            b3 += p3;
            c0 += q0;
            c1 += q1;
            c0 += q2;
            c1 += q3;
            e0 += q0;
            e1 += q1;
            e2 += q2;
            e3 += q3;
        }
        acc[p] = a0;
        acc[p + 1] = a1;
        acc[p + 2] = b0;
        acc[p + 3] = b1;
        acc[p + 4] = b2;
        acc[p + 5] = b3;
        acc[p + ACC] = c0;
        acc[p + ACC + 1] = c1;
        acc[p + ACC + 2] = e0;
        acc[p + ACC + 3] = e1;
        acc[p + ACC + 4] = e2;
        acc[p + ACC + 5] = e3;
    }

    /** As {@link #quadsTwo} for the one pair {@code (x, y)}. */
    private static void quadsOne(double[] x, int xo, double[] y, int yo, int lo, int hi, double[] acc, int p) {
        double a0 = acc[p];
        double a1 = acc[p + 1];
        double b0 = acc[p + 2];
        double b1 = acc[p + 3];
        double b2 = acc[p + 4];
        double b3 = acc[p + 5];
        for (int k = lo; k < hi; k += 4) {
            double p0 = x[xo + k] * y[yo + k];
            double p1 = x[xo + k + 1] * y[yo + k + 1];
            double p2 = x[xo + k + 2] * y[yo + k + 2];
            double p3 = x[xo + k + 3] * y[yo + k + 3];
            a0 += p0;
            a1 += p1;
            a0 += p2;
            a1 += p3;
            b0 += p0;
            b1 += p1;
            b2 += p2;
            b3 += p3;
        }
        acc[p] = a0;
        acc[p + 1] = a1;
        acc[p + 2] = b0;
        acc[p + 3] = b1;
        acc[p + 4] = b2;
        acc[p + 5] = b3;
    }

    /**
     * Rows {@code [whole, n)}, fewer than four, where the two orders part: {@code dot2} keeps
     * alternating from its first chain (a last odd row into the first), {@code dot4} puts every
     * one into its first chain.
     */
    private static void tail(double[] x, int xo, double[] y, int yo, int whole, int n, double[] acc, int p) {
        for (int k = whole; k < n; k++) {
            double pk = x[xo + k] * y[yo + k];
            acc[p + ((k - whole) & 1)] += pk;
            acc[p + 2] += pk;
        }
    }
}
