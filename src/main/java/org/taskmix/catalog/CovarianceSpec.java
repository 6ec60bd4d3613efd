package org.taskmix.catalog;

import java.util.Arrays;
import java.util.Objects;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.Doubles;
import org.taskmix.linalg.RandomOrthogonal;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * How a covariance is written down in a problem file, as opposed to the matrix it denotes
 * ({@link #build()}). Generators return specs so that the problem writer can store a 64 × 64
 * covariance as 64 eigenvalues and a seed instead of 4,096 numbers, and a reader rebuilds the
 * bit-identical matrix from them. (Sample files, the fifth form, are read by the io layer.)
 */
public sealed interface CovarianceSpec
        permits CovarianceSpec.Matrix, CovarianceSpec.Diagonal, CovarianceSpec.RandomBasis, CovarianceSpec.ExplicitBasis {

    /**
     * Largest accepted {@code max|QᵀQ − I|} for an explicit basis. A basis printed with 10 or more
     * significant digits deviates by about 1e-10; 1e-8 admits it, and rejects bases that were
     * rounded to 6 digits or are not orthogonal at all, either of which would move small
     * eigenvalues (and so the hardness {@code tr/λ_min}) by far more than rounding.
     */
    double ORTHONORMAL_TOLERANCE = 1e-8;

    /** The matrix this spec denotes. */
    SymmetricMatrix build();

    /** Dimension {@code d}. */
    int dim();

    /**
     * {@link Diagonal} if {@code m} is exactly diagonal (off-diagonal entries {@code +0.0}, so that
     * {@link Diagonal#build()} gives back the same bits; diagonal finite and {@code >= 0}), else
     * {@link Matrix}.
     */
    static CovarianceSpec diagonalOrMatrix(SymmetricMatrix m) {
        int d = m.dim();
        double[] diag = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = m.get(i, j);
                if (i == j) {
                    if (!(v >= 0) || !Double.isFinite(v)) {
                        return new Matrix(m);
                    }
                    diag[i] = v;
                } else if (Double.doubleToRawLongBits(v) != 0L) {
                    return new Matrix(m);
                }
            }
        }
        return new Diagonal(diag);
    }

    /** A full matrix, written as {@code d} rows of {@code d} numbers. */
    record Matrix(SymmetricMatrix matrix) implements CovarianceSpec {
        public Matrix {
            Objects.requireNonNull(matrix, "matrix");
        }

        @Override
        public SymmetricMatrix build() {
            return matrix;
        }

        @Override
        public int dim() {
            return matrix.dim();
        }
    }

    /** {@code diag(values)}: {@code {"diagonal": [...]}}. */
    record Diagonal(Doubles values) implements CovarianceSpec {
        public Diagonal {
            checkSpectrum(values, "diagonal");
        }

        /** {@code diag(values)} (a copy is kept). */
        public Diagonal(double[] values) {
            this(Doubles.of(values));
        }

        @Override
        public SymmetricMatrix build() {
            return SymmetricMatrix.diagonal(values.toArray());
        }

        @Override
        public int dim() {
            return values.size();
        }

        @Override
        public String toString() {
            return "Diagonal" + values;
        }
    }

    /**
     * {@code Q diag(spectrum) Qᵀ} with {@code Q = }{@link RandomOrthogonal#haar(int, long) haar(d, seed)}:
     * {@code {"spectrum": [...], "basis": "random", "seed": 7}}. Eigenvalue {@code spectrum[i]}
     * belongs to column {@code i} of {@code Q}.
     */
    record RandomBasis(Doubles spectrum, long seed) implements CovarianceSpec {
        public RandomBasis {
            checkSpectrum(spectrum, "spectrum");
        }

        /** {@code Q diag(spectrum) Qᵀ} with a Haar basis of {@code seed} (a copy of the spectrum is kept). */
        public RandomBasis(double[] spectrum, long seed) {
            this(Doubles.of(spectrum), seed);
        }

        @Override
        public SymmetricMatrix build() {
            return SymmetricMatrix.fromEigen(spectrum.toArray(), RandomOrthogonal.haar(spectrum.size(), seed));
        }

        @Override
        public int dim() {
            return spectrum.size();
        }

        @Override
        public String toString() {
            return "RandomBasis[seed=" + seed + ", spectrum=" + spectrum + "]";
        }
    }

    /**
     * {@code Q diag(spectrum) Qᵀ} for a given orthonormal basis: {@code {"spectrum": [...],
     * "basis": [[...], ...]}} where the basis is written as {@code d} rows of the matrix {@code Q}
     * and its COLUMNS are the eigenvectors.
     *
     * @param spectrum eigenvalues, one per column of {@code basis}
     * @param basis    rows of {@code Q}; {@code max|QᵀQ − I| ≤ }{@link #ORTHONORMAL_TOLERANCE}
     */
    record ExplicitBasis(double[] spectrum, double[][] basis) implements CovarianceSpec {
        public ExplicitBasis {
            checkSpectrum(Doubles.of(spectrum), "spectrum");
            spectrum = spectrum.clone();
            int d = spectrum.length;
            if (basis.length != d) {
                throw new IllegalArgumentException("basis: has " + basis.length + " rows but the spectrum has " + d
                        + " values; the basis must be " + d + "x" + d);
            }
            double[][] copy = new double[d][];
            for (int i = 0; i < d; i++) {
                if (basis[i].length != d) {
                    throw new IllegalArgumentException("basis[" + i + "]: row has " + basis[i].length
                            + " entries; the basis must be " + d + "x" + d);
                }
                for (int j = 0; j < d; j++) {
                    if (!Double.isFinite(basis[i][j])) {
                        throw new IllegalArgumentException("basis[" + i + "][" + j + "]: value " + basis[i][j]
                                + " is not finite");
                    }
                }
                copy[i] = basis[i].clone();
            }
            basis = copy;
            double err = RandomOrthogonal.orthonormalityError(new DMatrixRMaj(basis));
            if (!(err <= ORTHONORMAL_TOLERANCE)) {
                throw new IllegalArgumentException("basis: max |QᵀQ - I| = " + err + " exceeds " + ORTHONORMAL_TOLERANCE
                        + "; the basis columns must be orthonormal eigenvectors (give at least 10 significant digits)");
            }
        }

        @Override
        public double[] spectrum() {
            return spectrum.clone();
        }

        @Override
        public double[][] basis() {
            double[][] out = new double[basis.length][];
            for (int i = 0; i < out.length; i++) {
                out[i] = basis[i].clone();
            }
            return out;
        }

        @Override
        public SymmetricMatrix build() {
            return SymmetricMatrix.fromEigen(spectrum, new DMatrixRMaj(basis));
        }

        @Override
        public int dim() {
            return spectrum.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExplicitBasis other && Arrays.equals(spectrum, other.spectrum)
                    && Arrays.deepEquals(basis, other.basis);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(spectrum) + Arrays.deepHashCode(basis);
        }

        @Override
        public String toString() {
            return "ExplicitBasis[spectrum=" + Arrays.toString(spectrum) + "]";
        }
    }

    /** Checks that a spectrum is non-empty, finite and non-negative. */
    private static void checkSpectrum(Doubles values, String field) {
        Objects.requireNonNull(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + ": list is empty; expected d values");
        }
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(field + "[" + i + "]: value " + v + " is not finite");
            }
            if (v < 0) {
                throw new IllegalArgumentException(field + "[" + i + "]: value " + v
                        + " is negative; a covariance has eigenvalues >= 0");
            }
        }
    }
}
