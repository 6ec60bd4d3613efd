package org.taskmix.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * The Cholesky factor {@code A = LLᵀ}, {@code L} lower triangular, of a symmetric positive
 * definite matrix, on all cores: {@link UlCholesky} (panels whose trailing updates run in the
 * covariance kernel, docs/theory.md §8.1) applied to the reversed matrix {@code JAJ}
 * ({@code J} reverses the index order). If {@code JAJ = UUᵀ} with {@code U} upper triangular, then
 * {@code A = (JUJ)(JUJ)ᵀ} and {@code L = JUJ} is lower triangular. Bit-identical for any number of
 * threads; not EJML's summation order.
 */
public final class LowerCholesky {

    private LowerCholesky() {
    }

    /**
     * {@code L} with {@code A = LLᵀ} (zeros above the diagonal), or null if a pivot is not
     * positive ({@code A} is not positive definite in floating point). Only the lower triangle of
     * {@code a} is read.
     */
    public static DMatrixRMaj factor(DMatrixRMaj a, int threads) {
        int n = a.numRows;
        if (a.numCols != n) {
            throw new IllegalArgumentException("Cholesky factor of a " + n + "x" + a.numCols + " matrix");
        }
        double[] reversed = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                // (JAJ)[i][j] = A[n−1−i][n−1−j], read from A's lower triangle (n−1−i ≥ n−1−j).
                reversed[i * n + j] = a.data[(n - 1 - i) * n + (n - 1 - j)];
            }
        }
        UlCholesky chol = UlCholesky.factor(reversed, n, threads);
        if (chol == null) {
            return null;
        }
        double[][] u = chol.rows();
        DMatrixRMaj l = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            double[] ui = u[i];
            int row = (n - 1 - i) * n + (n - 1);
            for (int j = i; j < n; j++) {
                // L[n−1−i][n−1−j] = U[i][j]
                l.data[row - j] = ui[j];
            }
        }
        return l;
    }
}
