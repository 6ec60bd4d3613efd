package org.taskmix.linalg;

/**
 * Dot products on flat arrays with offsets, in three fixed summation orders. Each order gives the
 * same bits for any caller; the orders differ from each other in the last bits, so a caller keeps
 * the one it was written with.
 */
public final class Dots {

    private Dots() {
    }

    /** {@code Σ_i a[ao+i]·b[bo+i]} for {@code i < n}, one accumulator, in index order. */
    public static double dot1(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * {@code Σ_i a[ao+i]·b[bo+i]} for {@code i < n}, two accumulators: even {@code i} into the
     * first, odd into the second, summed at the end.
     */
    public static double dot2(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
        }
        if (i < n) {
            s0 += a[ao + i] * b[bo + i];
        }
        return s0 + s1;
    }

    /**
     * {@code Σ_i a[ao+i]·b[bo+i]} for {@code i < n}, four accumulators for throughput (the JIT
     * does not reorder floating-point sums on its own): {@code i mod 4} picks the accumulator up
     * to the last multiple of four, the rest goes into the first; {@code (s0 + s1) + (s2 + s3)}.
     */
    public static double dot4(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
