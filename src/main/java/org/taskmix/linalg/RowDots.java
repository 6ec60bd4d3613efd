package org.taskmix.linalg;

/**
 * The matrix–vector product {@code y = A x} of a row-major matrix, each {@code y[i]} summed exactly
 * as {@link Dots#dot2} sums row {@code i} with {@code x}: with the Vector API ({@link VectorRowDots},
 * rows grouped by vector lanes, every chain in {@code dot2}'s order), else a loop of {@code dot2}
 * calls. The plain loop waits on the adder's latency (measured 15 ms per product at d = 4096 on
 * one core, against 4.7 ms for the vector one); it is the fallback for JVMs without the incubator
 * module, which the launcher adds for long commands.
 */
public final class RowDots {

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
        for (int i = lo; i < hi; i++) {
            y[i] = Dots.dot2(a, i * n, x, 0, n);
        }
    }
}
