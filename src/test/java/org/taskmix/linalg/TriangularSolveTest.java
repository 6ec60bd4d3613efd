package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class TriangularSolveTest {

    /**
     * Residual {@code ‖LX − B‖} of a backward-stable solve: about {@code d·ε·‖L‖‖X‖}; with a
     * well-conditioned L (diagonal in [1, 2], off-diagonal entries below 1/d) and d ≤ 300 that is
     * under 1e-12 relative, and 1e-10 still catches a wrong block (errors of order 1).
     */
    private static final double RESIDUAL_TOLERANCE = 1e-10;

    @Test
    void solvesBothTrianglesAcrossBlockEdges() {
        for (int d : new int[] {1, 5, TriangularSolve.NB, TriangularSolve.NB + 1, 300}) {
            DMatrixRMaj l = lower(d, d);
            DMatrixRMaj b = GemmTest.random(d, 37, 3L * d);
            DMatrixRMaj x = TriangularSolve.lower(l, b);
            DMatrixRMaj back = new DMatrixRMaj(d, 37);
            CommonOps_DDRM.mult(l, x, back);
            assertClose(b, back, "L d " + d);
            DMatrixRMaj xt = TriangularSolve.lowerTransposed(l, b);
            CommonOps_DDRM.multTransA(l, xt, back);
            assertClose(b, back, "L^T d " + d);
        }
    }

    private static void assertClose(DMatrixRMaj want, DMatrixRMaj got, String what) {
        for (int i = 0; i < want.getNumElements(); i++) {
            assertEquals(want.data[i], got.data[i], RESIDUAL_TOLERANCE, what + " entry " + i);
        }
    }

    private static DMatrixRMaj lower(int d, long seed) {
        Random rng = new Random(seed);
        DMatrixRMaj l = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                l.set(i, j, (2 * rng.nextDouble() - 1) / d);
            }
            l.set(i, i, 1 + rng.nextDouble());
        }
        return l;
    }
}
