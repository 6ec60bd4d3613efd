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

    @Test
    void blocksFollowTheirArithmeticWrittenOut() {
        // The contract of the blocked solve, entry by entry: x_i = ((b_i − t_i) − Σ_k l_ik x_k) / l_ii
        // with t_i the fused chain over the rows above the block (the product) and the block's own
        // rows k < i subtracted one by one in order. Pins the packed solved rows and the four-row
        // diagonal loop to the bits of the plain loops.
        for (int d : new int[] {5, TriangularSolve.NB + 3, 2 * TriangularSolve.NB + 7}) {
            DMatrixRMaj l = lower(d, d);
            DMatrixRMaj b = GemmTest.random(d, 2 * TriangularSolve.MIN_SLICE_COLUMNS + 9, 5L * d);
            DMatrixRMaj got = TriangularSolve.lower(l, b);
            double[] x = new double[d];
            for (int j = 0; j < b.numCols; j++) {
                for (int i = 0; i < d; i++) {
                    int r0 = i / TriangularSolve.NB * TriangularSolve.NB;
                    double t = 0;
                    for (int k = 0; k < r0; k++) {
                        t = Math.fma(l.get(i, k), x[k], t);
                    }
                    double acc = r0 > 0 ? b.get(i, j) - t : b.get(i, j);
                    for (int k = r0; k < i; k++) {
                        acc -= l.get(i, k) * x[k];
                    }
                    x[i] = acc / l.get(i, i);
                    assertEquals(x[i], got.get(i, j), 0.0, "d " + d + ", entry " + i + "," + j);
                }
            }
        }
    }

    @Test
    void columnsSolvedTogetherOrAloneHaveTheSameBits() {
        // Wide right-hand sides are split between cores; each column must come out as it does alone.
        int d = 2 * TriangularSolve.NB + 9;
        int n = 2 * TriangularSolve.MIN_SLICE_COLUMNS + 7;
        DMatrixRMaj l = lower(d, 11);
        DMatrixRMaj b = GemmTest.random(d, n, 12);
        DMatrixRMaj x = TriangularSolve.lower(l, b);
        DMatrixRMaj xt = TriangularSolve.lowerTransposed(l, b);
        for (int j : new int[] {0, 1, n / 2, n - 1}) {
            DMatrixRMaj column = CommonOps_DDRM.extractColumn(b, j, null);
            DMatrixRMaj alone = TriangularSolve.lower(l, column);
            DMatrixRMaj aloneT = TriangularSolve.lowerTransposed(l, column);
            for (int i = 0; i < d; i++) {
                assertEquals(Double.doubleToRawLongBits(alone.get(i, 0)), Double.doubleToRawLongBits(x.get(i, j)),
                        "L column " + j + " row " + i);
                assertEquals(Double.doubleToRawLongBits(aloneT.get(i, 0)), Double.doubleToRawLongBits(xt.get(i, j)),
                        "L^T column " + j + " row " + i);
            }
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
