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

    /** Operands of {@link #axpy4}. */
    static final int BLOCK = 4;

    /**
     * {@code y[yo+i] += a0·x[o0+i] + a1·x[o1+i] + a2·x[o2+i] + a3·x[o3+i]} for {@code i < n}: four
     * axpys in one pass, so {@code y} is loaded and stored once per four multiply-adds (the JIT
     * vectorises it like a plain axpy).
     */
    static void axpy4(double[] x, int o0, int o1, int o2, int o3, double a0, double a1, double a2, double a3,
                      double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a0 * x[o0 + i] + a1 * x[o1 + i] + a2 * x[o2 + i] + a3 * x[o3 + i];
        }
    }

    /**
     * {@code y[yo+i] += Σ_{j<count} coef[co+j]·x[j·stride+i]} for {@code i < n}: a combination of
     * {@code count} rows of {@code x}, four at a time ({@link #axpy4}), the rest one by one.
     */
    static void combine(double[] coef, int co, int count, double[] x, int stride, double[] y, int yo, int n) {
        int j = 0;
        for (; j + BLOCK <= count; j += BLOCK) {
            axpy4(x, j * stride, (j + 1) * stride, (j + 2) * stride, (j + 3) * stride, coef[co + j],
                    coef[co + j + 1], coef[co + j + 2], coef[co + j + 3], y, yo, n);
        }
        for (; j < count; j++) {
            axpy(coef[co + j], x, j * stride, y, yo, n);
        }
    }

    /** {@code y[yo+i] += alpha·x[xo+i]} for {@code i < n}. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * {@code c = Z Zᵀ} ({@code d×d}, row-major, symmetric) for {@code Z} of {@code d} rows of
     * length {@code m} stored row after row: {@code c[a][b] = Σ_e z[a·m+e]·z[b·m+e]}.
     *
     * <p>Register-blocked in 4×4 tiles over the upper triangle: per example, 8 loads feed 16
     * independent multiply-adds (a plain dot product loads 2 per multiply-add and waits on its
     * accumulators), which made the CoT set-up about twice as fast. Each entry is one sequential
     * sum over {@code e}, and {@code c[a][b]} and {@code c[b][a]} are the same products in the same
     * order, so {@code c} is exactly symmetric.
     */
    static void gram(double[] z, int d, int m, double[] c) {
        int a = 0;
        for (; a + 3 < d; a += 4) {
            int b = a;
            for (; b + 3 < d; b += 4) {
                tile4x4(z, m, a, b, c, d);
            }
            for (; b < d; b++) {
                for (int i = a; i < a + 4; i++) {
                    double s = dotSequential(z, i * m, z, b * m, m);
                    c[i * d + b] = s;
                    c[b * d + i] = s;
                }
            }
        }
        for (; a < d; a++) {
            for (int b = a; b < d; b++) {
                double s = dotSequential(z, a * m, z, b * m, m);
                c[a * d + b] = s;
                c[b * d + a] = s;
            }
        }
    }

    /** One 4×4 tile of {@link #gram}: rows {@code a..a+3} against rows {@code b..b+3}. */
    private static void tile4x4(double[] z, int m, int a, int b, double[] c, int d) {
        int a0 = a * m;
        int a1 = a0 + m;
        int a2 = a1 + m;
        int a3 = a2 + m;
        int b0 = b * m;
        int b1 = b0 + m;
        int b2 = b1 + m;
        int b3 = b2 + m;
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int e = 0; e < m; e++) {
            double x0 = z[a0 + e], x1 = z[a1 + e], x2 = z[a2 + e], x3 = z[a3 + e];
            double y0 = z[b0 + e], y1 = z[b1 + e], y2 = z[b2 + e], y3 = z[b3 + e];
            c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
            c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
            c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
            c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        put(c, d, a, b, c00, c01, c02, c03);
        put(c, d, a + 1, b, c10, c11, c12, c13);
        put(c, d, a + 2, b, c20, c21, c22, c23);
        put(c, d, a + 3, b, c30, c31, c32, c33);
    }

    /** Stores {@code c[i][b+j] = c[b+j][i] = v_j} for {@code j < 4} (no temporary array). */
    private static void put(double[] c, int d, int i, int b, double v0, double v1, double v2, double v3) {
        c[i * d + b] = v0;
        c[i * d + b + 1] = v1;
        c[i * d + b + 2] = v2;
        c[i * d + b + 3] = v3;
        c[b * d + i] = v0;
        c[(b + 1) * d + i] = v1;
        c[(b + 2) * d + i] = v2;
        c[(b + 3) * d + i] = v3;
    }

    /** {@code Σ a[ao+i]·b[bo+i]} summed in index order (the order {@link #gram}'s tiles use). */
    static double dotSequential(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
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
