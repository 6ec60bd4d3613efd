package org.taskmix.linalg;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Haar-distributed (uniformly random) orthogonal matrices from a seed, and an orthonormality
 * check for user-supplied bases.
 *
 * <p>Method (Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 2007): draw {@code G} with i.i.d. standard normal entries, factor {@code G = QR},
 * and flip the sign of column {@code j} of {@code Q} wherever {@code R_jj < 0}. Without the sign
 * fix the result depends on the QR routine's sign convention and is not Haar; with it,
 * {@code Q} is exactly the Gram–Schmidt orthonormalisation of the columns of {@code G}, whose law
 * is invariant under left multiplication by any orthogonal matrix, hence Haar.
 *
 * <p>Reproducibility: the normals come from {@link java.util.Random#nextGaussian()}, whose
 * algorithm the Java specification fixes (polar method over a 48-bit LCG, {@code StrictMath}), so
 * the same seed gives a bit-identical matrix on every JVM.
 */
public final class RandomOrthogonal {

    private RandomOrthogonal() {
    }

    /**
     * The {@code d × d} standard Gaussian matrix behind {@link #haar(int, long)}: entries drawn
     * row by row from {@code new Random(seed).nextGaussian()}.
     */
    public static DMatrixRMaj gaussian(int d, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension " + d + " must be >= 1");
        }
        Random rng = new Random(seed);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) {
            g.data[i] = rng.nextGaussian();
        }
        return g;
    }

    /**
     * A Haar-random {@code d × d} orthogonal matrix determined by {@code seed}. Its columns are
     * {@code d} orthonormal directions drawn uniformly; the first {@code B} of them are {@code B}
     * uniformly random orthonormal directions.
     */
    public static DMatrixRMaj haar(int d, long seed) {
        DMatrixRMaj g = gaussian(d, seed);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        if (!qr.decompose(g.copy())) {
            // A Gaussian matrix is singular with probability zero; QR of a square matrix never fails.
            throw new ArithmeticException("QR decomposition failed for a " + d + "x" + d + " Gaussian matrix");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int j = 0; j < d; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < d; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        return q;
    }

    /**
     * {@code max_ij |(QᵀQ − I)_ij|}: zero for a matrix with orthonormal columns. Requires a
     * square matrix.
     */
    public static double orthonormalityError(DMatrixRMaj q) {
        if (q.numRows != q.numCols) {
            throw new IllegalArgumentException("basis is " + q.numRows + "x" + q.numCols + "; it must be square");
        }
        int d = q.numCols;
        double worst = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += q.get(i, a) * q.get(i, b);
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }
}
