package org.taskmix.linalg;

/**
 * The matrix–vector product {@code y = A x} of a row-major matrix, each {@code y[i]} summed exactly
 * as {@link Dots#dot2} sums row {@code i} with {@code x} (so the bits are those of a loop of
 * {@code dot2} calls), but four rows at a time.
 *
 * <p>Why: one {@code dot2} is two dependent chains of additions, so a loop of them waits on the
 * adder's latency and reads a d = 4096 matrix at half the speed memory allows (measured 15 ms
 * against 8 ms per product on one core). Four rows give eight independent chains that share each
 * load of {@code x}; every chain still adds its products in {@code dot2}'s order, so no bit changes
 * (Java never reassociates floating-point sums, and {@code a * b} then {@code +} is not fused).
 */
public final class RowDots {

    /** Rows summed side by side. Eight chains fill the adder without spilling 16 registers. */
    static final int ROWS = 4;

    private RowDots() {
    }

    /** A prepared product {@code y = A x} with one matrix, any rows at a time (thread-safe). */
    interface Product {
        /** {@code y[i] = Dots.dot2(a, i·n, x, 0, n)} for rows {@code i} in {@code [lo, hi)}. */
        void multiply(double[] x, double[] y, int lo, int hi);
    }

    private static final String VECTOR_CLASS = "org.taskmix.linalg.VectorRowDots";

    /**
     * The product with {@code a} for a run of many products (a Lanczos run): the Vector API one
     * ({@link VectorRowDots}, which first copies the matrix) when {@link RankKUpdate#vectorAvailable()},
     * else {@link #multiply}. Both give every row {@code dot2}'s bits.
     */
    static Product product(double[] a, int n) {
        if (RankKUpdate.vectorAvailable()) {
            try {
                return (Product) Class.forName(VECTOR_CLASS).getDeclaredConstructor(double[].class, int.class)
                        .newInstance(a, n);
            } catch (ReflectiveOperationException | LinkageError e) {
                // The module is present but the class cannot be loaded: the plain product, same bits.
            }
        }
        return scalar(a, n);
    }

    /** The plain-Java product, whatever the JVM offers (for tests and comparisons). */
    static Product scalar(double[] a, int n) {
        return (x, y, lo, hi) -> multiply(a, n, x, y, lo, hi);
    }

    /**
     * {@code y[i] = Dots.dot2(a, i·n, x, 0, n)} for rows {@code i} in {@code [lo, hi)} of the
     * row-major {@code a} with {@code n} columns.
     */
    public static void multiply(double[] a, int n, double[] x, double[] y, int lo, int hi) {
        int i = lo;
        for (; i + ROWS <= hi; i += ROWS) {
            int o0 = i * n;
            int o1 = o0 + n;
            int o2 = o1 + n;
            int o3 = o2 + n;
            // Even columns into the first chain of each row, odd into the second: dot2's split.
            double e0 = 0;
            double f0 = 0;
            double e1 = 0;
            double f1 = 0;
            double e2 = 0;
            double f2 = 0;
            double e3 = 0;
            double f3 = 0;
            int j = 0;
            for (; j + 1 < n; j += 2) {
                double x0 = x[j];
                double x1 = x[j + 1];
                e0 += a[o0 + j] * x0;
                f0 += a[o0 + j + 1] * x1;
                e1 += a[o1 + j] * x0;
                f1 += a[o1 + j + 1] * x1;
                e2 += a[o2 + j] * x0;
                f2 += a[o2 + j + 1] * x1;
                e3 += a[o3 + j] * x0;
                f3 += a[o3 + j + 1] * x1;
            }
            if (j < n) {
                double x0 = x[j];
                e0 += a[o0 + j] * x0;
                e1 += a[o1 + j] * x0;
                e2 += a[o2 + j] * x0;
                e3 += a[o3 + j] * x0;
            }
            y[i] = e0 + f0;
            y[i + 1] = e1 + f1;
            y[i + 2] = e2 + f2;
            y[i + 3] = e3 + f3;
        }
        for (; i < hi; i++) {
            y[i] = Dots.dot2(a, i * n, x, 0, n);
        }
    }
}
