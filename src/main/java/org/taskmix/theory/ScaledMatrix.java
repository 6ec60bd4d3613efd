package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A matrix held as {@code M · 2^exponent} with {@code max|M_ij|} in {@code [1, 2)}, so that powers
 * of a matrix whose spectral radius exceeds 1 (overthinking) can be formed for any {@code k}
 * without overflow, and powers that decay can be formed without underflow.
 *
 * <p>Why powers of two: rescaling by {@code 2^e} is exact in binary floating point, so a scaled
 * product has the same mantissas as the unscaled one; the scaling changes nothing but the range.
 */
final class ScaledMatrix {

    final DMatrixRMaj m;
    long exponent;

    private ScaledMatrix(DMatrixRMaj m, long exponent) {
        this.m = m;
        this.exponent = exponent;
    }

    /** Wraps (and normalises) a copy of {@code a}. */
    static ScaledMatrix of(DMatrixRMaj a) {
        ScaledMatrix s = new ScaledMatrix(a.copy(), 0);
        s.normalise();
        return s;
    }

    /** {@code a · 2^exponent}, taking {@code a} (not copied) and normalising it. */
    static ScaledMatrix wrap(DMatrixRMaj a, long exponent) {
        ScaledMatrix s = new ScaledMatrix(a, exponent);
        s.normalise();
        return s;
    }

    /** An independent copy. */
    ScaledMatrix copy() {
        return new ScaledMatrix(m.copy(), exponent);
    }

    /** The identity, exponent 0. */
    static ScaledMatrix identity(int d) {
        return new ScaledMatrix(CommonOps_DDRM.identity(d), 0);
    }

    /** {@code this · other} as a new scaled matrix. */
    ScaledMatrix times(ScaledMatrix other) {
        DMatrixRMaj c = new DMatrixRMaj(m.numRows, other.m.numCols);
        Products.mult(m, other.m, c);
        ScaledMatrix s = new ScaledMatrix(c, exponent + other.exponent);
        s.normalise();
        return s;
    }

    /** Replaces this with {@code this · other}, using {@code work} as scratch of the same shape. */
    void multiplyInPlace(ScaledMatrix other, DMatrixRMaj work) {
        Products.mult(m, other.m, work); // on all cores, the same bits (docs/theory.md §8)
        // The product becomes this matrix's storage and the old storage the scratch: no copy.
        double[] old = m.data;
        m.data = work.data;
        work.data = old;
        exponent += other.exponent;
        normalise();
    }

    /** True if every entry is zero (the power vanished exactly). */
    boolean isZero() {
        return CommonOps_DDRM.elementMaxAbs(m) == 0;
    }

    /**
     * {@code ‖M·2^e‖_F² / d}: {@code +∞} when it exceeds the double range, {@code 0} when below it,
     * never NaN for finite inputs.
     */
    double squaredFrobeniusOver(int d) {
        double f = 0;
        double[] data = m.data;
        int len = m.getNumElements();
        for (int i = 0; i < len; i++) {
            f += data[i] * data[i];
        }
        if (f == 0) {
            return 0;
        }
        return scaledOver(checked(f), 2 * exponent, d);
    }

    /** {@code tr(M·2^e)/d}, with the same range handling as {@link #squaredFrobeniusOver}. */
    double traceOver(int d) {
        int n = m.numRows;
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += m.data[i * n + i];
        }
        return scaledOver(checked(t), exponent, d);
    }

    /** {@code sum·2^exponent/d}: {@code ±∞} or 0 outside the double range, never an int overflow. */
    static double scaledOver(double sum, long exponent, int d) {
        // Math.scalb saturates to ±∞ / 0 outside the double range; clamp the long so it fits an int.
        return Math.scalb(sum / d, (int) Math.max(-4000, Math.min(4000, exponent)));
    }

    /** {@code sum}, or an ArithmeticException if it is NaN (a NaN entry in a power). */
    static double checked(double sum) {
        if (Double.isNaN(sum)) {
            throw new ArithmeticException("matrix power has a NaN entry (non-finite preconditioner or covariance)");
        }
        return sum;
    }

    /**
     * {@code ‖(M·2^e) w‖² / d}, with the same range handling as {@link #squaredFrobeniusOver}.
     */
    double squaredNormTimesOver(double[] w, int d) {
        int rows = m.numRows;
        int cols = m.numCols;
        double f = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += m.data[i * cols + j] * w[j];
            }
            f += s * s;
        }
        if (f == 0) {
            return 0;
        }
        return scaledOver(f, 2 * exponent, d);
    }

    private void normalise() {
        double max = CommonOps_DDRM.elementMaxAbs(m);
        if (max == 0 || !Double.isFinite(max)) {
            return;
        }
        int e = Math.getExponent(max);
        if (e != 0) {
            // Element-wise scalb, not a multiply by 2^-e: 2^-e itself overflows when e < -1023.
            // Entries 2^1022 times below the largest may lose bits; they are far beneath any
            // error that can be reported next to the largest.
            double[] data = m.data;
            int len = m.getNumElements();
            for (int i = 0; i < len; i++) {
                data[i] = Math.scalb(data[i], -e);
            }
            exponent += e;
        }
    }
}
