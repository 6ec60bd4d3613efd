package org.taskmix.catalog;

/**
 * The rank-k update {@code acc += XᵀX} (upper triangle) of {@link CovarianceEstimator}: a block of
 * rows at a time, arranged as BLAS's SYRK, on one or several threads with bit-identical results.
 */
final class RankUpdate {

    private RankUpdate() {
    }

    /**
     * {@code acc += XᵀX} on the upper triangle for the block of rows {@code x[0..k)}, arranged as
     * BLAS's SYRK is: the outer loop takes two accumulator rows {@code i, i+1} (which then stay in
     * the L1 cache) and sweeps every row of the block (which stays in L2), so the accumulator,
     * several MiB at d = 768, is read and written once per block rather than once per four rows.
     * Rows are separate arrays and the inner {@code j} loop indexes all of them at the same
     * offset, meant for the JIT's superword pass (a standalone copy measured with JDK 25 is not
     * vectorised: -XX:-UseSuperWord gives the same speed; src/bench/numpy/RESULTS.md). Each load of
     * {@code x[·][j]} feeds eight multiply-adds.
     *
     * <p>Every entry is summed in the same order whatever the tiling: for each group of four rows,
     * in row order, {@code acc += a0·y0 + a1·y1 + a2·y2 + a3·y3}; then the leftover rows one by
     * one. So the result depends only on the block partition, which depends only on row numbers.
     * Products of float32 inputs are exact in double; only the sums round.
     */
    static void rankUpdate(double[][] x, int k, int d, double[][] acc) {
        rankUpdateRows(x, k, d, acc, 0, d);
    }

    /**
     * {@link #rankUpdate} on {@code threads} threads: the accumulator rows are split into ranges
     * of equal work (row {@code i} of the upper triangle costs {@code d − i}), each updated by one
     * thread with exactly the arithmetic of the one-thread update, so the result is bit-identical
     * for every thread count. Used for sequential sources (Parquet, NPZ, CSV), which cannot be
     * split into chunks read concurrently.
     */
    static void rankUpdate(double[][] x, int k, int d, double[][] acc, int threads) {
        if (threads <= 1 || d < PARALLEL_MIN_DIM) {
            rankUpdateRows(x, k, d, acc, 0, d);
            return;
        }
        int[] cut = new int[threads + 1];
        double total = (double) d * (d + 1) / 2;
        int p = 1;
        double done = 0;
        for (int i = 0; i < d && p < threads; i += 2) {
            done += 2.0 * (d - i) - 1;
            if (done >= total * p / threads) {
                cut[p++] = Math.min(d, i + 2);
            }
        }
        while (p <= threads) {
            cut[p++] = d;
        }
        java.util.stream.IntStream.range(0, threads).parallel()
                .forEach(t -> rankUpdateRows(x, k, d, acc, cut[t], cut[t + 1]));
    }

    /** Below this dimension a block's update is too short (under ~1 ms) to share between threads. */
    static final int PARALLEL_MIN_DIM = 128;

    /** {@link #rankUpdate} restricted to accumulator rows {@code [lo, hi)}; {@code lo} is even. */
    private static void rankUpdateRows(double[][] x, int k, int d, double[][] acc, int lo, int hi) {
        int groups = k & ~3;
        int i = lo;
        for (; i + 2 <= hi; i += 2) {
            double[] c0 = acc[i];
            double[] c1 = acc[i + 1];
            int j0 = i + 1;
            for (int r = 0; r < groups; r += 4) {
                double[] x0 = x[r];
                double[] x1 = x[r + 1];
                double[] x2 = x[r + 2];
                double[] x3 = x[r + 3];
                double a0 = x0[i];
                double a1 = x1[i];
                double a2 = x2[i];
                double a3 = x3[i];
                double b0 = x0[i + 1];
                double b1 = x1[i + 1];
                double b2 = x2[i + 1];
                double b3 = x3[i + 1];
                c0[i] += a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
                for (int j = j0; j < d; j++) {
                    double y0 = x0[j];
                    double y1 = x1[j];
                    double y2 = x2[j];
                    double y3 = x3[j];
                    c0[j] += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
                    c1[j] += b0 * y0 + b1 * y1 + b2 * y2 + b3 * y3;
                }
            }
        }
        for (; i < hi; i++) {
            double[] c = acc[i];
            for (int r = 0; r < groups; r += 4) {
                double[] x0 = x[r];
                double[] x1 = x[r + 1];
                double[] x2 = x[r + 2];
                double[] x3 = x[r + 3];
                double a0 = x0[i];
                double a1 = x1[i];
                double a2 = x2[i];
                double a3 = x3[i];
                for (int j = i; j < d; j++) {
                    c[j] += a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
                }
            }
        }
        for (int r = groups; r < k; r++) {
            double[] row = x[r];
            for (int a = lo; a < hi; a++) {
                double v = row[a];
                double[] c = acc[a];
                for (int j = a; j < d; j++) {
                    c[j] += v * row[j];
                }
            }
        }
    }
}
