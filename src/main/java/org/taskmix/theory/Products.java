package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.Gemm;

/**
 * Dense products of the predictions (docs/theory.md §8): from {@link #PARALLEL_DIM} rows on, by
 * the packed, register-tiled {@link Gemm} (Vector API; about six times EJML's speed on one core at
 * d = 768), whose entries are the same fused chains whatever the number of cores; below it by
 * EJML, so the small problems of the examples and golden files keep their bits.
 */
final class Products {

    /**
     * From this many rows a product runs through {@link Gemm} (on all cores unless called from
     * inside a parallel loop): below it (under 2·128³ ≈ 4 Mflop, about a millisecond) packing and
     * handing rows to the pool cost more than they save.
     */
    static final int PARALLEL_DIM = 128;

    /**
     * From this dimension on (d = 1024, where docs/theory.md §8.1 also switches to extremes) the
     * symmetric steps of a prediction run in half-flop kernels ({@link org.taskmix.linalg.Syrk},
     * {@link org.taskmix.linalg.LowerCholesky}, the {@code m = ∞} curve of §8.2); below it every
     * step keeps its arithmetic, so smaller problems print the same numbers as before.
     */
    static final int LARGE_DIM = org.taskmix.linalg.SymmetricMatrix.EXTREMES_MIN_DIMENSION;

    /** Cores of the common pool plus the caller: the thread count handed to the kernels. */
    static int threads() {
        return java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    private Products() {
    }

    /** {@code c = α·a·b}, on all cores from {@link #PARALLEL_DIM} rows on. */
    static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows >= PARALLEL_DIM) {
            Gemm.multiply(alpha, a, b, c, true);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    /**
     * {@code c = α·a·s} for a symmetric {@code s} (a covariance Σ): from {@link #LARGE_DIM} on, a
     * diagonal {@code s} (e.g. a target {@code Σ = I}) scales the columns of {@code a} in
     * {@code d²} instead of a {@code 2d³} product. Each entry is then {@code α·(a_ij·s_jj)}, the
     * value the product's chain gives (its other terms are exact zeros) up to the sign of a zero.
     */
    static void multBySymmetric(double alpha, DMatrixRMaj a, DMatrixRMaj s, DMatrixRMaj c) {
        if (a.numRows >= LARGE_DIM && a.numCols == s.numRows && isDiagonal(s)) {
            int n = s.numCols;
            for (int i = 0; i < a.numRows; i++) {
                for (int j = 0; j < n; j++) {
                    c.data[i * n + j] = alpha * (a.data[i * n + j] * s.data[j * n + j]);
                }
            }
            return;
        }
        mult(alpha, a, s, c);
    }

    /** True if every off-diagonal entry of the square {@code s} is exactly zero. */
    static boolean isDiagonal(DMatrixRMaj s) {
        int n = s.numRows;
        if (s.numCols != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && s.data[i * n + j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code c = a·b}, on all cores from {@link #PARALLEL_DIM} rows on. */
    static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        mult(1.0, a, b, c);
    }

    /**
     * A left factor multiplied by many right ones on the calling thread (e.g. {@code P} by each
     * test prompt's factor): packed once when it goes through {@link Gemm}. Same bits as
     * {@link #multHere}.
     */
    static final class Left {
        private final DMatrixRMaj a;
        private final Gemm.Left packed;
        private final org.taskmix.linalg.Gemm32.Left single;

        Left(DMatrixRMaj a) {
            this(a, false);
        }

        private Left(DMatrixRMaj a, boolean single) {
            this.a = a;
            this.single = single ? org.taskmix.linalg.Gemm32.left(a) : null;
            this.packed = !single && a.numRows >= PARALLEL_DIM ? Gemm.left(a) : null;
        }

        /**
         * A left factor whose products run in single-precision blocks with double sums
         * ({@link org.taskmix.linalg.Gemm32}, about 3·10⁻⁷ relative at d = 4096): only for
         * products that feed a Monte Carlo estimate, whose sampling interval is thousands of
         * times wider (docs/theory.md §8.2).
         */
        static Left singlePrecision(DMatrixRMaj a) {
            return new Left(a, true);
        }

        /** {@code c = a·b} on the calling thread. */
        void times(DMatrixRMaj b, DMatrixRMaj c) {
            if (single != null) {
                single.times(b, c, false);
            } else if (packed != null) {
                packed.times(b, c, false);
            } else {
                CommonOps_DDRM.mult(a, b, c);
            }
        }
    }

    /**
     * {@code c = aᵀ·b} on the calling thread, for the small Gram matrices of the low-rank prompts
     * ({@code m × d} times {@code d × m}): through {@link Gemm} when {@code d} (the inner size) is
     * at least {@link #PARALLEL_DIM}, else EJML.
     */
    static void multTransAHere(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows >= PARALLEL_DIM) {
            Gemm.multiply(1.0, CommonOps_DDRM.transpose(a, null), b, c, false);
        } else {
            CommonOps_DDRM.multTransA(a, b, c);
        }
    }

    /**
     * {@code c = a·b} on the calling thread: for products inside loops that already run on all
     * cores (one task or one test prompt per core). Same bits as {@link #mult(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}.
     */
    static void multHere(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows >= PARALLEL_DIM) {
            Gemm.multiply(1.0, a, b, c, false);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
    }
}
