package org.taskmix.linalg;

import java.util.Arrays;
import java.util.Comparator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigendecomposition {@code A = Q diag(λ) Qᵀ} of a symmetric matrix, eigenvalues ascending and
 * eigenvectors in the matching columns of {@code Q}.
 */
public final class SymmetricEigen {

    private final double[] values;
    private final DMatrixRMaj vectors;

    private SymmetricEigen(double[] values, DMatrixRMaj vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(SymmetricMatrix a) {
        int n = a.dim();
        Integer[] diagonalOrder = largeDiagonalOrder(a);
        if (diagonalOrder != null) {
            double[] values = new double[n];
            DMatrixRMaj q = new DMatrixRMaj(n, n);
            for (int c = 0; c < n; c++) {
                values[c] = a.get(diagonalOrder[c], diagonalOrder[c]);
                q.set(diagonalOrder[c], c, 1.0);
            }
            return new SymmetricEigen(values, q);
        }
        EigenDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.eig(n, true, true);
        if (!dec.decompose(a.toEjml())) {
            throw new ArithmeticException("symmetric eigendecomposition failed for a " + n + "x" + n + " matrix");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = dec.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
        double[] values = new double[n];
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        for (int c = 0; c < n; c++) {
            int src = order[c];
            values[c] = raw[src];
            DMatrixRMaj v = dec.getEigenVector(src);
            for (int r = 0; r < n; r++) {
                q.set(r, c, v.get(r, 0));
            }
        }
        return new SymmetricEigen(values, q);
    }

    /** Eigenvalues only, ascending. */
    static double[] valuesOf(SymmetricMatrix a) {
        int n = a.dim();
        if (largeDiagonalOrder(a) != null) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = a.get(i, i);
            }
            Arrays.sort(values);
            return values;
        }
        EigenDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.eig(n, false, true);
        if (!dec.decompose(a.toEjml())) {
            throw new ArithmeticException("symmetric eigenvalue computation failed for a " + n + "x" + n + " matrix");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = dec.getEigenvalue(i).getReal();
        }
        Arrays.sort(values);
        return values;
    }

    /**
     * For an exactly diagonal matrix of {@code d ≥ SymmetricMatrix.EXTREMES_MIN_DIMENSION} (a
     * {@code Σ = I} target), the indices sorted by diagonal entry (ties in index order): its exact
     * eigendecomposition is that permutation, found in {@code O(d²)} instead of EJML's {@code d³}
     * (minutes with vectors at d = 4096). Null otherwise; below that dimension EJML always runs,
     * so small problems keep their bits.
     */
    private static Integer[] largeDiagonalOrder(SymmetricMatrix a) {
        int n = a.dim();
        if (n < SymmetricMatrix.EXTREMES_MIN_DIMENSION) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && a.get(i, j) != 0) {
                    return null;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> a.get(i, i)));
        return order;
    }

    /** Eigenvalues in ascending order (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvalue {@code i} in ascending order. */
    public double value(int i) {
        return values[i];
    }

    /** Orthonormal eigenvectors as columns, matching {@link #values()} (a copy). */
    public DMatrixRMaj vectors() {
        return vectors.copy();
    }

    /** Smallest eigenvalue. */
    public double min() {
        return values[0];
    }

    /** Largest eigenvalue. */
    public double max() {
        return values[values.length - 1];
    }

    /** {@code f(A) = Q diag(f(λ)) Qᵀ}, e.g. the inverse or inverse square root. */
    public SymmetricMatrix apply(java.util.function.DoubleUnaryOperator f) {
        double[] fv = new double[values.length];
        for (int i = 0; i < fv.length; i++) {
            fv[i] = f.applyAsDouble(values[i]);
        }
        return SymmetricMatrix.fromEigen(fv, vectors);
    }
}
