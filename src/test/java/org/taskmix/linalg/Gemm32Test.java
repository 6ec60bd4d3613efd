package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class Gemm32Test {

    /**
     * Relative Frobenius error of the single-precision product against the double one for entries
     * uniform in [-1, 1): inputs rounded to float (2⁻²⁴ each) and float chains of up to 256 terms
     * give about 3·10⁻⁷ at K = 4096; 2·10⁻⁶ fails a wrong block or a lost chain.
     */
    private static final double VS_DOUBLE_TOL = 2e-6;

    @Test
    void surefireRunsTheVectorKernel() {
        assertTrue(Gemm32.kernelName().startsWith("vector"), Gemm32.kernelName());
    }

    @Test
    void vectorAndPlainKernelsGiveTheContractsBitsForEveryShape() {
        // Below, at and between the tile sizes (8 rows, 32 columns, 256 inner indices).
        for (int m : new int[] {1, 7, 8, 9, 97, 257}) {
            for (int k : new int[] {1, 9, 256, 257, 600}) {
                for (int n : new int[] {1, 31, 32, 33, 129}) {
                    DMatrixRMaj a = GemmTest.random(m, k, 31L * m + k);
                    DMatrixRMaj b = GemmTest.random(k, n, 7L * k + n);
                    Gemm32.Left left = Gemm32.left(a);
                    DMatrixRMaj vec = new DMatrixRMaj(m, n);
                    DMatrixRMaj plain = new DMatrixRMaj(m, n);
                    left.times(b, vec, m > 8);
                    Gemm32.multiplyScalar(left, b, plain, false);
                    String what = m + "x" + k + "x" + n;
                    assertSameBits(plain, vec, what);
                    assertSameBits(contract(a, b), vec, what);
                }
            }
        }
    }

    @Test
    void agreesWithTheDoubleProductToSinglePrecision() {
        int d = 1024;
        DMatrixRMaj a = GemmTest.random(d, 4 * d, 1);
        DMatrixRMaj b = GemmTest.random(4 * d, 40, 2);
        DMatrixRMaj single = new DMatrixRMaj(d, 40);
        DMatrixRMaj full = new DMatrixRMaj(d, 40);
        Gemm32.left(a).times(b, single, true);
        Gemm.multiply(a, b, full, true);
        double num = 0;
        double den = 0;
        for (int i = 0; i < full.getNumElements(); i++) {
            double e = single.data[i] - full.data[i];
            num += e * e;
            den += full.data[i] * full.data[i];
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel < VS_DOUBLE_TOL && rel > 0, "relative error " + rel);
    }

    @Test
    void holdsAnyScaleTheReaderAccepts() {
        // Covariances may be scaled by anything from 1e-100 to 1e100; P then scales inversely and X
        // with the root. Plain float casts would overflow or flush to zero; the power-of-two
        // scaling keeps the single-precision accuracy.
        DMatrixRMaj a = GemmTest.random(300, 600, 3);
        DMatrixRMaj b = GemmTest.random(600, 40, 4);
        DMatrixRMaj full = new DMatrixRMaj(300, 40);
        Gemm.multiply(a, b, full, false);
        for (double[] s : new double[][] {{1e-90, 1e45}, {1e90, 1e-45}, {1e-60, 1e-60}, {1e60, 1e60}}) {
            DMatrixRMaj as = a.copy();
            DMatrixRMaj bs = b.copy();
            org.ejml.dense.row.CommonOps_DDRM.scale(s[0], as);
            org.ejml.dense.row.CommonOps_DDRM.scale(s[1], bs);
            DMatrixRMaj single = new DMatrixRMaj(300, 40);
            Gemm32.left(as).times(bs, single, false);
            double num = 0;
            double den = 0;
            for (int i = 0; i < full.getNumElements(); i++) {
                double want = full.data[i] * s[0] * s[1];
                num += (single.data[i] - want) * (single.data[i] - want);
                den += want * want;
            }
            assertTrue(Math.sqrt(num / den) < VS_DOUBLE_TOL, "scales " + s[0] + ", " + s[1] + ": "
                    + Math.sqrt(num / den));
        }
    }

    @Test
    void checksShapesAndAliasing() {
        Gemm32.Left left = Gemm32.left(GemmTest.random(3, 4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> left.times(GemmTest.random(3, 2, 2), new DMatrixRMaj(3, 2), false));
        assertEquals("product of 3x4 and 3x2 into 3x2", e.getMessage());
        DMatrixRMaj b = GemmTest.random(4, 3, 3);
        DMatrixRMaj alias = DMatrixRMaj.wrap(3, 3, b.data);
        assertThrows(IllegalArgumentException.class, () -> left.times(b, alias, false));
    }

    /** The arithmetic contract written out: float fma chains per block of 256, widened and summed in double. */
    private static DMatrixRMaj contract(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < b.numCols; j++) {
                double sum = 0;
                for (int k0 = 0; k0 < a.numCols; k0 += Gemm32.KC) {
                    float s = 0;
                    for (int r = k0; r < Math.min(a.numCols, k0 + Gemm32.KC); r++) {
                        s = Math.fma((float) a.get(i, r), (float) b.get(r, j), s);
                    }
                    sum = k0 == 0 ? s : sum + s;
                }
                c.set(i, j, sum);
            }
        }
        return c;
    }

    private static void assertSameBits(DMatrixRMaj want, DMatrixRMaj got, String what) {
        for (int i = 0; i < want.getNumElements(); i++) {
            if (Double.doubleToRawLongBits(want.data[i]) != Double.doubleToRawLongBits(got.data[i])) {
                throw new AssertionError(what + ": entry " + i + " " + want.data[i] + " vs " + got.data[i]);
            }
        }
    }
}
