package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GemmTest {

    /**
     * Agreement with EJML's unfused sums of the same K ≤ 700 products: the two differ by at most
     * about K·ε relative to Σ|a_ir b_rj| (ε = 1.1e-16), under 1e-13; 1e-12 leaves margin and still
     * catches a dropped or doubled product (relative size about 1/K).
     */
    private static final double VS_EJML_TOL = 1e-12;

    @Test
    void surefireRunsTheVectorKernel() {
        assertTrue(Gemm.kernelName().startsWith("vector"), Gemm.kernelName());
    }

    @Test
    void vectorAndPlainKernelsGiveTheSameBitsForEveryShape() {
        // Below, at and between the tile sizes (8 rows, 16 columns, 256 inner indices), so every
        // edge and every block boundary runs.
        int[] sizes = {1, 7, 8, 9, 16, 17, 40, 97, 255, 256, 257, 300};
        for (int m : sizes) {
            for (int k : new int[] {1, 9, 256, 257, 600}) {
                for (int n : new int[] {1, 15, 16, 40, 129}) {
                    DMatrixRMaj a = random(m, k, 31L * m + k);
                    DMatrixRMaj b = random(k, n, 7L * k + n);
                    DMatrixRMaj vec = new DMatrixRMaj(m, n);
                    DMatrixRMaj plain = new DMatrixRMaj(m, n);
                    Gemm.multiply(-0.5, a, b, vec, false);
                    Gemm.multiplyScalar(-0.5, a, b, plain, false);
                    assertSameBits(plain, vec, m + "x" + k + "x" + n);
                }
            }
        }
    }

    @Test
    void resultIsBitIdenticalForAnyThreadSplitAndAgreesWithEjml() {
        DMatrixRMaj a = random(301, 700, 3);
        DMatrixRMaj b = random(700, 257, 4);
        DMatrixRMaj one = new DMatrixRMaj(301, 257);
        DMatrixRMaj many = new DMatrixRMaj(301, 257);
        Gemm.multiply(a, b, one, false);
        Gemm.multiply(a, b, many, true);
        assertSameBits(one, many, "parallel");
        DMatrixRMaj ref = new DMatrixRMaj(301, 257);
        CommonOps_DDRM.mult(a, b, ref);
        for (int i = 0; i < ref.getNumElements(); i++) {
            // Σ|a||b| ≤ K for entries in [-1, 1].
            assertEquals(ref.data[i], one.data[i], VS_EJML_TOL * 700, "entry " + i);
        }
    }

    @Test
    void packedLeftFactorGivesTheSameBits() {
        DMatrixRMaj a = random(130, 300, 5);
        Gemm.Left left = Gemm.left(a);
        for (int n : new int[] {1, 40, 77}) {
            DMatrixRMaj b = random(300, n, n);
            DMatrixRMaj want = new DMatrixRMaj(130, n);
            DMatrixRMaj got = new DMatrixRMaj(130, n);
            Gemm.multiply(a, b, want, false);
            left.times(b, got, true);
            assertSameBits(want, got, "n " + n);
        }
    }

    @Test
    void reusedWorkArraysGiveTheContractsBitsAfterLargerProducts() {
        // A large product leaves both packing arrays full of non-zero entries; the smaller ones
        // after it reuse them and must still read zeros past their last row and column.
        DMatrixRMaj big = new DMatrixRMaj(97, 129);
        Gemm.multiply(random(97, 300, 11), random(300, 129, 12), big, false);
        for (int[] shape : new int[][] {{7, 9, 15}, {9, 257, 17}, {1, 1, 1}, {17, 40, 33}}) {
            DMatrixRMaj a = random(shape[0], shape[1], shape[0]);
            DMatrixRMaj b = random(shape[1], shape[2], shape[2]);
            DMatrixRMaj got = new DMatrixRMaj(shape[0], shape[2]);
            Gemm.multiply(-0.5, a, b, got, false);
            assertSameBits(fmaChains(-0.5, a, b), got, java.util.Arrays.toString(shape));
        }
    }

    @Test
    void aNestedLeaseGetsItsOwnArray() {
        double[] outer = Scratch.lease(Scratch.Slot.LEFT_PACK, 10);
        double[] inner = Scratch.lease(Scratch.Slot.LEFT_PACK, 10);
        assertTrue(outer != inner, "a slot in use is not handed out twice");
        Scratch.release(Scratch.Slot.LEFT_PACK, inner);
        assertTrue(Scratch.lease(Scratch.Slot.LEFT_PACK, 10) != outer, "the outer lease is still held");
        Scratch.release(Scratch.Slot.LEFT_PACK, outer);
        assertTrue(Scratch.lease(Scratch.Slot.LEFT_PACK, 5) == outer, "released, the kept array is reused");
        Scratch.release(Scratch.Slot.LEFT_PACK, outer);
    }

    /** The arithmetic contract written out: {@code α · fma-chain} per entry. */
    private static DMatrixRMaj fmaChains(double alpha, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < b.numCols; j++) {
                double s = 0;
                for (int r = 0; r < a.numCols; r++) {
                    s = Math.fma(a.get(i, r), b.get(r, j), s);
                }
                c.set(i, j, alpha == 1.0 ? s : alpha * s);
            }
        }
        return c;
    }

    @Test
    void checksShapesAndAliasing() {
        DMatrixRMaj a = random(3, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(a, a, new DMatrixRMaj(3, 4), false));
        DMatrixRMaj sq = random(4, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(sq, sq, sq, false));
        DMatrixRMaj empty = new DMatrixRMaj(3, 0);
        DMatrixRMaj out = random(3, 5, 3);
        Gemm.multiply(empty, new DMatrixRMaj(0, 5), out, false);
        assertEquals(0.0, CommonOps_DDRM.elementMaxAbs(out));
    }

    /** Entries uniform in [-1, 1), seeded. */
    static DMatrixRMaj random(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = 2 * rng.nextDouble() - 1;
        }
        return x;
    }

    private static void assertSameBits(DMatrixRMaj want, DMatrixRMaj got, String what) {
        for (int i = 0; i < want.getNumElements(); i++) {
            if (Double.doubleToRawLongBits(want.data[i]) != Double.doubleToRawLongBits(got.data[i])) {
                throw new AssertionError(what + ": entry " + i + " " + want.data[i] + " vs " + got.data[i]);
            }
        }
    }
}
