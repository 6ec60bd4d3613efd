package org.taskmix.validation;

/**
 * Small dense kernels on flat arrays. Loops are written as {@code y += a·x} (axpy) where the
 * JIT can vectorise them, and dot products use four accumulators to break the dependency chain
 * (the JIT does not reorder floating-point sums on its own).
 */
final class Kernels {

    private Kernels() {
    }

    /** {@code Σ a[ao+i]·b[bo+i]} for {@code i < n}. */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
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

    /** {@code y[yo+i] += alpha·x[xo+i]} for {@code i < n}. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * {@code out = A x} for a symmetric {@code A}: {@code d×d} row-major, or its diagonal (length
     * {@code d}) when {@code diagonal}. Symmetry lets the product run over rows as axpys.
     */
    static void symTimes(double[] a, boolean diagonal, double[] x, double[] out, int d) {
        if (diagonal) {
            for (int i = 0; i < d; i++) {
                out[i] = a[i] * x[i];
            }
            return;
        }
        java.util.Arrays.fill(out, 0, d, 0.0);
        for (int j = 0; j < d; j++) {
            double xj = x[j];
            if (xj != 0) {
                axpy(xj, a, j * d, out, 0, d);
            }
        }
    }
}
