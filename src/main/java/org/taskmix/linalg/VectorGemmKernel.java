package org.taskmix.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link Gemm}: an {@value Gemm#MR} × {@value Gemm#NR} tile of
 * {@code C} in {@code 2·MR} vector registers of 8 doubles (512 bits; on narrower hardware
 * {@link Gemm} uses its plain kernel), so each inner step is two vector loads of {@code B}, {@code MR} broadcasts
 * of {@code A} and {@code 2·MR} fused multiply-adds. Loaded only when the JVM has the incubator
 * module {@code jdk.incubator.vector}; same bits as {@link Gemm.ScalarKernel}.
 */
final class VectorGemmKernel implements Gemm.Kernel {

    // A fixed 512-bit shape, so that NR = 2 vectors; on narrower hardware the plain kernel is used.
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int L = S.length();
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;

    /** Refuses narrower hardware: a 512-bit shape there is not compiled to vector instructions. */
    VectorGemmKernel() {
        if (DoubleVector.SPECIES_PREFERRED.length() < L) {
            throw new UnsupportedOperationException("vectors of " + DoubleVector.SPECIES_PREFERRED.length()
                    + " doubles; the kernel needs " + L);
        }
    }

    @Override
    public String name() {
        return "vector" + L * Double.SIZE;
    }

    @Override
    public void tile(double[] a, int ao, double[] b, int bo, int kLen, double[] t) {
        DoubleVector c00 = DoubleVector.fromArray(S, t, 0);
        DoubleVector c01 = DoubleVector.fromArray(S, t, L);
        DoubleVector c10 = DoubleVector.fromArray(S, t, NR);
        DoubleVector c11 = DoubleVector.fromArray(S, t, NR + L);
        DoubleVector c20 = DoubleVector.fromArray(S, t, 2 * NR);
        DoubleVector c21 = DoubleVector.fromArray(S, t, 2 * NR + L);
        DoubleVector c30 = DoubleVector.fromArray(S, t, 3 * NR);
        DoubleVector c31 = DoubleVector.fromArray(S, t, 3 * NR + L);
        DoubleVector c40 = DoubleVector.fromArray(S, t, 4 * NR);
        DoubleVector c41 = DoubleVector.fromArray(S, t, 4 * NR + L);
        DoubleVector c50 = DoubleVector.fromArray(S, t, 5 * NR);
        DoubleVector c51 = DoubleVector.fromArray(S, t, 5 * NR + L);
        DoubleVector c60 = DoubleVector.fromArray(S, t, 6 * NR);
        DoubleVector c61 = DoubleVector.fromArray(S, t, 6 * NR + L);
        DoubleVector c70 = DoubleVector.fromArray(S, t, 7 * NR);
        DoubleVector c71 = DoubleVector.fromArray(S, t, 7 * NR + L);
        for (int r = 0; r < kLen; r++, ao += MR, bo += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bo + L);
            DoubleVector v = DoubleVector.broadcast(S, a[ao]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = DoubleVector.broadcast(S, a[ao + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = DoubleVector.broadcast(S, a[ao + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = DoubleVector.broadcast(S, a[ao + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = DoubleVector.broadcast(S, a[ao + 4]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = DoubleVector.broadcast(S, a[ao + 5]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = DoubleVector.broadcast(S, a[ao + 6]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = DoubleVector.broadcast(S, a[ao + 7]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
        c60.intoArray(t, 6 * NR);
        c61.intoArray(t, 6 * NR + L);
        c70.intoArray(t, 7 * NR);
        c71.intoArray(t, 7 * NR + L);
    }
}
