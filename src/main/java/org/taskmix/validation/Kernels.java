package org.taskmix.validation;

import org.taskmix.linalg.Dots;

/**
 * Small dense kernels on flat arrays. Loops are written as {@code y += a·x} (axpy) where the
 * JIT can vectorise them, and sums of products use four accumulators to break the dependency
 * chain (the JIT does not reorder floating-point sums on its own); the dot products are
 * in {@link Dots}.
 */
final class Kernels {

    private Kernels() {
    }

    /**
     * Vector length from which the plain loops ({@link #axpy4}) beat the register-tiled
     * {@link #matVec} and {@link #rankUpdate}: C2 (Java 17, AVX2/AVX-512) enters its vectorised
     * main loop only for a few unrolled vectors' worth of elements; at 22 (d = 20) the loops ran
     * scalar, at 102 (d = 100) vectorised. Both forms give the same bits, so this only moves speed.
     */
    static final int VECTOR_MIN = 48;

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

    /**
     * {@code y[r] = Σ_j x[j]·m[r·cols+j]} for {@code r < rows} ({@code m} row-major): bit for bit
     * {@code y = 0} followed by {@link #combine}{@code (x, 0, cols, mᵀ, rows, y, 0, rows)}, i.e.
     * columns four at a time as {@code y += ((x0·m0 + x1·m1) + x2·m2) + x3·m3}, then the rest one
     * by one. {@code mt} is {@code m} transposed ({@code cols} rows of {@code rows}).
     *
     * <p>Below {@link #VECTOR_MIN} rows, four rows run at once with their sums in registers:
     * {@code combine} loads and stores {@code y} once per four columns, and its loops are too
     * short for the JIT's vector loop, so they ran scalar anyway (docs/theory.md §9.2). From
     * {@link #VECTOR_MIN} on, {@code combine} itself (vectorised) is faster.
     */
    static void matVec(double[] m, double[] mt, int rows, int cols, double[] x, double[] y) {
        if (rows >= VECTOR_MIN) {
            // Long enough for the JIT's vector loop: the column-wise axpys on mᵀ, same bits.
            java.util.Arrays.fill(y, 0, rows, 0.0);
            combine(x, 0, cols, mt, rows, y, 0, rows);
            return;
        }
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = r * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                double x0 = x[j];
                double x1 = x[j + 1];
                double x2 = x[j + 2];
                double x3 = x[j + 3];
                s0 += x0 * m[b0 + j] + x1 * m[b0 + j + 1] + x2 * m[b0 + j + 2] + x3 * m[b0 + j + 3];
                s1 += x0 * m[b1 + j] + x1 * m[b1 + j + 1] + x2 * m[b1 + j + 2] + x3 * m[b1 + j + 3];
                s2 += x0 * m[b2 + j] + x1 * m[b2 + j + 1] + x2 * m[b2 + j + 2] + x3 * m[b2 + j + 3];
                s3 += x0 * m[b3 + j] + x1 * m[b3 + j + 1] + x2 * m[b3 + j + 2] + x3 * m[b3 + j + 3];
            }
            for (; j < cols; j++) {
                double xj = x[j];
                s0 += xj * m[b0 + j];
                s1 += xj * m[b1 + j];
                s2 += xj * m[b2 + j];
                s3 += xj * m[b3 + j];
            }
            y[r] = s0;
            y[r + 1] = s1;
            y[r + 2] = s2;
            y[r + 3] = s3;
        }
        for (; r < rows; r++) {
            int b = r * cols;
            double s = 0;
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                s += x[j] * m[b + j] + x[j + 1] * m[b + j + 1] + x[j + 2] * m[b + j + 2] + x[j + 3] * m[b + j + 3];
            }
            for (; j < cols; j++) {
                s += x[j] * m[b + j];
            }
            y[r] = s;
        }
    }

    /**
     * {@code g[r·cols+c] += Σ_{b<count} a[b·rows+r]·x[b·cols+c]}: the rank-{@code count} update
     * {@code G += Σ_b a_b x_bᵀ}, bit for bit {@code count/4} calls of {@link #axpy4} per row (the
     * {@code b} in order, four at a time) and then {@link #axpy} for the rest. Each entry's sum runs
     * in a register over all {@code b}, two columns of four rows at a time, so {@code G} is loaded
     * and stored once per call instead of once per four {@code b} (below {@link #VECTOR_MIN}
     * columns; from there on the vectorised {@link #axpy4} rows are faster).
     */
    static void rankUpdate(double[] a, int rows, double[] x, int cols, int count, double[] g) {
        int groups = count / BLOCK * BLOCK;
        if (cols >= VECTOR_MIN) {
            // Long rows: the vectorised axpy4 per row and group, same bits.
            for (int r = 0; r < rows; r++) {
                int b = 0;
                for (; b < groups; b += BLOCK) {
                    axpy4(x, b * cols, (b + 1) * cols, (b + 2) * cols, (b + 3) * cols, a[b * rows + r],
                            a[(b + 1) * rows + r], a[(b + 2) * rows + r], a[(b + 3) * rows + r], g, r * cols, cols);
                }
                for (; b < count; b++) {
                    axpy(a[b * rows + r], x, b * cols, g, r * cols, cols);
                }
            }
            return;
        }
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                rankTile(a, rows, x, cols, groups, count, g, r, c);
            }
            for (; c < cols; c++) {
                for (int i = r; i < r + 4; i++) {
                    g[i * cols + c] = rankEntry(a, rows, x, cols, groups, count, g[i * cols + c], i, c);
                }
            }
        }
        for (; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g[r * cols + c] = rankEntry(a, rows, x, cols, groups, count, g[r * cols + c], r, c);
            }
        }
    }

    /** One entry of {@link #rankUpdate}, starting from {@code s}. */
    private static double rankEntry(double[] a, int rows, double[] x, int cols, int groups, int count, double s,
                                    int r, int c) {
        int b = 0;
        for (; b < groups; b += BLOCK) {
            s += a[b * rows + r] * x[b * cols + c] + a[(b + 1) * rows + r] * x[(b + 1) * cols + c]
                    + a[(b + 2) * rows + r] * x[(b + 2) * cols + c] + a[(b + 3) * rows + r] * x[(b + 3) * cols + c];
        }
        for (; b < count; b++) {
            s += a[b * rows + r] * x[b * cols + c];
        }
        return s;
    }

    /** Rows {@code r..r+3}, columns {@code c, c+1} of {@link #rankUpdate}. */
    private static void rankTile(double[] a, int rows, double[] x, int cols, int groups, int count, double[] g,
                                 int r, int c) {
        int g0 = r * cols + c;
        double p0 = g[g0];
        double q0 = g[g0 + 1];
        double p1 = g[g0 + cols];
        double q1 = g[g0 + cols + 1];
        double p2 = g[g0 + 2 * cols];
        double q2 = g[g0 + 2 * cols + 1];
        double p3 = g[g0 + 3 * cols];
        double q3 = g[g0 + 3 * cols + 1];
        int b = 0;
        for (; b < groups; b += BLOCK) {
            int a0 = b * rows + r;
            int a1 = a0 + rows;
            int a2 = a1 + rows;
            int a3 = a2 + rows;
            int x0 = b * cols + c;
            int x1 = x0 + cols;
            int x2 = x1 + cols;
            int x3 = x2 + cols;
            double u0 = x[x0];
            double u1 = x[x1];
            double u2 = x[x2];
            double u3 = x[x3];
            double v0 = x[x0 + 1];
            double v1 = x[x1 + 1];
            double v2 = x[x2 + 1];
            double v3 = x[x3 + 1];
            // Row r+i: ((e0·u0 + e1·u1) + e2·u2) + e3·u3 with e_k = a[(b+k)·rows + r+i], as axpy4.
            p0 += a[a0] * u0 + a[a1] * u1 + a[a2] * u2 + a[a3] * u3;
            q0 += a[a0] * v0 + a[a1] * v1 + a[a2] * v2 + a[a3] * v3;
            p1 += a[a0 + 1] * u0 + a[a1 + 1] * u1 + a[a2 + 1] * u2 + a[a3 + 1] * u3;
            q1 += a[a0 + 1] * v0 + a[a1 + 1] * v1 + a[a2 + 1] * v2 + a[a3 + 1] * v3;
            p2 += a[a0 + 2] * u0 + a[a1 + 2] * u1 + a[a2 + 2] * u2 + a[a3 + 2] * u3;
            q2 += a[a0 + 2] * v0 + a[a1 + 2] * v1 + a[a2 + 2] * v2 + a[a3 + 2] * v3;
            p3 += a[a0 + 3] * u0 + a[a1 + 3] * u1 + a[a2 + 3] * u2 + a[a3 + 3] * u3;
            q3 += a[a0 + 3] * v0 + a[a1 + 3] * v1 + a[a2 + 3] * v2 + a[a3 + 3] * v3;
        }
        for (; b < count; b++) {
            double u = x[b * cols + c];
            double v = x[b * cols + c + 1];
            int ab = b * rows + r;
            p0 += a[ab] * u;
            q0 += a[ab] * v;
            p1 += a[ab + 1] * u;
            q1 += a[ab + 1] * v;
            p2 += a[ab + 2] * u;
            q2 += a[ab + 2] * v;
            p3 += a[ab + 3] * u;
            q3 += a[ab + 3] * v;
        }
        g[g0] = p0;
        g[g0 + 1] = q0;
        g[g0 + cols] = p1;
        g[g0 + cols + 1] = q1;
        g[g0 + 2 * cols] = p2;
        g[g0 + 2 * cols + 1] = q2;
        g[g0 + 3 * cols] = p3;
        g[g0 + 3 * cols + 1] = q3;
    }

    /** {@code a} ({@code rows × cols}, row-major) transposed, as a new array. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
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
                    double s = Dots.dot1(z, i * m, z, b * m, m);
                    c[i * d + b] = s;
                    c[b * d + i] = s;
                }
            }
        }
        for (; a < d; a++) {
            for (int b = a; b < d; b++) {
                double s = Dots.dot1(z, a * m, z, b * m, m);
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
