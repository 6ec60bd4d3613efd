package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class SyrkTest {

    /**
     * Gram and Cholesky products of Gaussian entries of size ≤ 300 agree with EJML's to rounding:
     * each entry is a sum of at most 300 products of magnitude ~1 (errors ~300·ε·√300 ≈ 1e-12
     * absolute); 1e-10 leaves margin and still catches a wrong index (errors of order 1).
     */
    private static final double TOLERANCE = 1e-10;

    @Test
    void gramMatricesMatchEjmlAcrossBlockEdges() {
        for (int[] shape : new int[][] {{1, 1}, {5, 3}, {Syrk.BLOCK, 40}, {Syrk.BLOCK + 1, 131}, {300, 140}}) {
            DMatrixRMaj a = GemmTest.random(shape[0], shape[1], 7L * shape[0] + shape[1]);
            DMatrixRMaj want = new DMatrixRMaj(shape[1], shape[1]);
            CommonOps_DDRM.multTransA(a, a, want);
            DMatrixRMaj got = Syrk.transposeTimesSelf(a, 2);
            assertClose(want, got, "A^T A " + shape[0] + "x" + shape[1]);
            DMatrixRMaj wantOuter = new DMatrixRMaj(shape[0], shape[0]);
            CommonOps_DDRM.multTransB(a, a, wantOuter);
            assertClose(wantOuter, Syrk.timesTranspose(a, 2), "A A^T " + shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void resultIsExactlySymmetricAndTheSameOnAnyNumberOfThreads() {
        DMatrixRMaj a = GemmTest.random(300, 260, 11);
        DMatrixRMaj one = Syrk.transposeTimesSelf(a, 1);
        DMatrixRMaj three = Syrk.transposeTimesSelf(a, 3);
        assertArrayEquals(one.data, three.data);
        for (int i = 0; i < 260; i++) {
            for (int j = 0; j < 260; j++) {
                assertEquals(one.get(i, j), one.get(j, i), 0.0, "entry " + i + "," + j);
            }
        }
    }

    @Test
    void outerGramGathersTheTransposesRowsBitForBit() {
        // Against the transposed copy it replaced; past PARALLEL_MIRROR the mirror runs on all cores.
        for (int[] shape : new int[][] {{3, 1}, {40, Syrk.BLOCK + 1}, {Syrk.PARALLEL_MIRROR + 3, 2 * Syrk.BLOCK + 5}}) {
            DMatrixRMaj a = GemmTest.random(shape[0], shape[1], 3L * shape[0] + shape[1]);
            DMatrixRMaj want = Syrk.transposeTimesSelf(CommonOps_DDRM.transpose(a, null), 2);
            assertArrayEquals(want.data, Syrk.timesTranspose(a, 2).data, shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void symmetricSquareRefusesARectangle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Syrk.symmetricSquare(new DMatrixRMaj(3, 4), 1));
        assertEquals("square of a 3x4 matrix", e.getMessage());
    }

    @Test
    void lowerCholeskyFactorsAcrossPanelEdges() {
        for (int n : new int[] {1, 7, UlCholesky.PANEL, UlCholesky.PANEL + 1, 300}) {
            DMatrixRMaj b = GemmTest.random(n, n, 5L * n);
            DMatrixRMaj spd = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransA(b, b, spd);
            for (int i = 0; i < n; i++) {
                spd.add(i, i, n);
            }
            DMatrixRMaj l = LowerCholesky.factor(spd, 2);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    assertEquals(0.0, l.get(i, j), 0.0, "above the diagonal " + i + "," + j);
                }
            }
            DMatrixRMaj back = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(l, l, back);
            // Entries of spd are ~n; relative to them the residual is rounding.
            for (int i = 0; i < n * n; i++) {
                assertEquals(spd.data[i], back.data[i], TOLERANCE * n, "L L^T n " + n + " entry " + i);
            }
            assertArrayEquals(l.data, LowerCholesky.factor(spd, 1).data, "n " + n + ": threads change bits");
        }
    }

    @Test
    void lowerCholeskyRefusesAnIndefiniteMatrix() {
        DMatrixRMaj a = CommonOps_DDRM.identity(200);
        a.set(17, 17, -1);
        assertNull(LowerCholesky.factor(a, 2));
    }

    private static void assertClose(DMatrixRMaj want, DMatrixRMaj got, String what) {
        assertEquals(want.numRows, got.numRows, what);
        for (int i = 0; i < want.getNumElements(); i++) {
            assertEquals(want.data[i], got.data[i], TOLERANCE * Math.max(1, Math.abs(want.data[i])), what + " entry " + i);
        }
    }
}
