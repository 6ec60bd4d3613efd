package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Dense products of the predictions (docs/theory.md §8): from {@link #PARALLEL_DIM} rows on, the
 * rows of the product are computed on all cores by EJML's concurrent kernel, which sums every
 * entry in the same order as the single-threaded one, so the result has the same bits.
 */
final class Products {

    /**
     * From this many rows a product runs on all cores: below it (under 2·128³ ≈ 4 Mflop, about
     * a millisecond) handing rows to the pool costs more than it saves.
     */
    static final int PARALLEL_DIM = 128;

    private Products() {
    }

    /** {@code c = α·a·b}. */
    static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows >= PARALLEL_DIM) {
            CommonOps_MT_DDRM.mult(alpha, a, b, c);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    /** {@code c = a·b}. */
    static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numRows >= PARALLEL_DIM) {
            CommonOps_MT_DDRM.mult(a, b, c);
        } else {
            CommonOps_DDRM.mult(a, b, c);
        }
    }
}
