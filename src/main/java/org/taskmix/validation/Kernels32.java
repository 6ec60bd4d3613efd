package org.taskmix.validation;

/**
 * The float counterparts of {@link Kernels#matVec} and {@link Kernels#rankUpdate} for
 * {@link Dense32}: float operands and float sums within one product, the rank update's result added
 * to a double accumulator. The loops are simpler than the double kernels': the short-row
 * {@code matVec} sums column by column, and the rank update always adds through a float row
 * buffer ({@code axpy4}), with no register tiles; the results are still deterministic and the
 * same for any thread count.
 */
final class Kernels32 {

    private Kernels32() {
    }

    /** {@code y[r] = Σ_j x[j]·m[r·cols+j]} in float; {@code mt} is {@code m} transposed. */
    static void matVec(float[] m, float[] mt, int rows, int cols, float[] x, float[] y) {
        if (rows >= Kernels.VECTOR_MIN) {
            java.util.Arrays.fill(y, 0, rows, 0f);
            int j = 0;
            for (; j + 3 < cols; j += 4) {
                axpy4(mt, j * rows, rows, x[j], x[j + 1], x[j + 2], x[j + 3], y, 0, rows);
            }
            for (; j < cols; j++) {
                float a = x[j];
                int o = j * rows;
                for (int i = 0; i < rows; i++) {
                    y[i] += a * mt[o + i];
                }
            }
            return;
        }
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = r * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int j = 0; j < cols; j++) {
                float xj = x[j];
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
            float s = 0;
            for (int j = 0; j < cols; j++) {
                s += x[j] * m[r * cols + j];
            }
            y[r] = s;
        }
    }

    /**
     * {@code y[yo+i] += a0·x[o+i] + a1·x[o+s+i] + a2·x[o+2s+i] + a3·x[o+3s+i]} for {@code i < n}
     * (four rows of stride {@code s} in one pass).
     */
    static void axpy4(float[] x, int o, int s, float a0, float a1, float a2, float a3, float[] y, int yo, int n) {
        int o1 = o + s;
        int o2 = o1 + s;
        int o3 = o2 + s;
        for (int i = 0; i < n; i++) {
            y[yo + i] += a0 * x[o + i] + a1 * x[o1 + i] + a2 * x[o2 + i] + a3 * x[o3 + i];
        }
    }

    /**
     * {@code g[r·cols+c] += Σ_{b<count} a[b·rows+r]·x[b·cols+c]}: per row, the {@code count}
     * products summed in float (four {@code b} per pass) in {@code row}, then added to the double
     * {@code g}; {@code count} is at most {@link TrainingKernel#PENDING}, so a float sum covers at
     * most that many prompts and the batch sum is double.
     */
    static void rankUpdate(float[] a, int rows, float[] x, int cols, int count, double[] g, float[] row) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(row, 0, cols, 0f);
            int b = 0;
            for (; b + 3 < count; b += 4) {
                axpy4(x, b * cols, cols, a[b * rows + r], a[(b + 1) * rows + r], a[(b + 2) * rows + r],
                        a[(b + 3) * rows + r], row, 0, cols);
            }
            for (; b < count; b++) {
                float c = a[b * rows + r];
                int o = b * cols;
                for (int i = 0; i < cols; i++) {
                    row[i] += c * x[o + i];
                }
            }
            int go = r * cols;
            for (int i = 0; i < cols; i++) {
                g[go + i] += row[i];
            }
        }
    }
}
