package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class RandomOrthogonalTest {

    /** Householder QR is backward stable: ‖QᵀQ − I‖ is a small multiple of d·ε ≈ 1e-14 for d ≤ 50. */
    private static final double ORTHO_TOL = 1e-13;
    /**
     * Modified Gram–Schmidt and Householder agree to about κ(G)·ε; Gaussian matrices of size ≤ 12
     * have κ below 1e3 for these seeds, so 1e-11 is a generous bound that a sign error (an O(1)
     * difference) cannot meet.
     */
    private static final double GS_TOL = 1e-11;
    /**
     * Statistical checks use 5 standard errors: for a normal statistic the chance of a false alarm
     * is 6e-7, and the seeds are fixed, so a pass is reproducible rather than lucky by retry.
     */
    private static final double SIGMAS = 5;

    @Test
    void columnsAreOrthonormal() {
        for (int d : new int[] {1, 2, 3, 10, 50}) {
            DMatrixRMaj q = RandomOrthogonal.haar(d, 42 + d);
            assertTrue(RandomOrthogonal.orthonormalityError(q) < ORTHO_TOL, "d = " + d);
        }
    }

    @Test
    void sameSeedSameMatrixBitForBit() {
        DMatrixRMaj a = RandomOrthogonal.haar(17, 123);
        DMatrixRMaj b = RandomOrthogonal.haar(17, 123);
        assertArrayEquals(a.data, b.data);
        assertFalse(Arrays.equals(a.data, RandomOrthogonal.haar(17, 124).data));
    }

    /**
     * Independent second computation: with the sign fix, Q is the Gram–Schmidt orthonormalisation
     * of the Gaussian matrix's columns (R has a positive diagonal). Without the fix, columns
     * would differ in sign wherever the QR routine's R_jj came out negative.
     */
    @Test
    void equalsGramSchmidtOfTheGaussianColumns() {
        for (long seed = 0; seed < 20; seed++) {
            int d = 2 + (int) (seed % 11);
            DMatrixRMaj g = RandomOrthogonal.gaussian(d, seed);
            DMatrixRMaj gs = gramSchmidt(g);
            DMatrixRMaj q = RandomOrthogonal.haar(d, seed);
            for (int i = 0; i < d * d; i++) {
                assertEquals(gs.data[i], q.data[i], GS_TOL, "seed " + seed + " entry " + i);
            }
        }
    }

    /**
     * Haar measure on O(d): det = +1 and −1 each with probability 1/2, and E[Q_11²] = 1/d with
     * Var(Q_11²) = 2(d − 1)/(d²(d + 2)) (Q_11² ~ Beta(1/2, (d − 1)/2)). A QR without the sign fix
     * fails the first check outright: Householder Q has det (−1)^(reflections) for every input.
     */
    @Test
    void determinantSignAndFirstEntryFollowHaarLaw() {
        int d = 3;
        int draws = 4000;
        int positive = 0;
        double sumSq = 0;
        for (int s = 0; s < draws; s++) {
            DMatrixRMaj q = RandomOrthogonal.haar(d, 1000 + s);
            if (CommonOps_DDRM.det(q) > 0) {
                positive++;
            }
            sumSq += q.get(0, 0) * q.get(0, 0);
        }
        double frac = (double) positive / draws;
        assertEquals(0.5, frac, SIGMAS * 0.5 / Math.sqrt(draws));
        double var = 2.0 * (d - 1) / (d * d * (d + 2.0));
        assertEquals(1.0 / d, sumSq / draws, SIGMAS * Math.sqrt(var / draws));
    }

    @Test
    void orthonormalityErrorMeasuresTheDefect() {
        DMatrixRMaj q = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
        assertEquals(0.0, RandomOrthogonal.orthonormalityError(q));
        // Columns (1, 0.1) and (0, 1): QᵀQ = [[1.01, 0.1], [0.1, 1]].
        DMatrixRMaj bad = new DMatrixRMaj(new double[][] {{1, 0}, {0.1, 1}});
        assertEquals(0.1, RandomOrthogonal.orthonormalityError(bad), 1e-15);
    }

    private static DMatrixRMaj gramSchmidt(DMatrixRMaj g) {
        int d = g.numRows;
        DMatrixRMaj q = g.copy();
        for (int j = 0; j < d; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += q.get(i, p) * q.get(i, j);
                }
                for (int i = 0; i < d; i++) {
                    q.set(i, j, q.get(i, j) - dot * q.get(i, p));
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += q.get(i, j) * q.get(i, j);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                q.set(i, j, q.get(i, j) / norm);
            }
        }
        return q;
    }
}
