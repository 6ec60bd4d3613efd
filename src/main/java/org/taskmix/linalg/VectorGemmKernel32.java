package org.taskmix.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link Gemm32}: an {@value #MR} × 32 float tile of {@code C} in
 * 16 vector registers of 16 floats (AVX-512), so each inner step is two vector loads of
 * {@code B}, {@code MR} broadcasts of {@code A} and 16 fused multiply-adds, twice the entries of
 * {@link VectorGemmKernel}'s step. Loaded only when the JVM has the incubator module
 * {@code jdk.incubator.vector} and 512-bit vectors; same bits as {@link Gemm32.ScalarKernel}:
 * each entry is one float fma chain over the inner index.
 */
final class VectorGemmKernel32 implements Gemm32.Kernel {

    /** 16 floats: the shape {@link Gemm32}'s 32-column tile was written for. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    /** Floats per vector. */
    static final int L = S.length();

    /** Accumulator rows per micro-tile. */
    static final int MR = 8;

    /** Accumulator columns per micro-tile: two vectors. */
    static final int NR = 2 * L;

    /** Refuses hardware whose preferred vectors are narrower than 512 bits (they would be emulated). */
    VectorGemmKernel32() {
        if (FloatVector.SPECIES_PREFERRED.length() < L || NR != Gemm32.NR || MR != Gemm32.MR) {
            throw new UnsupportedOperationException("vectors of " + FloatVector.SPECIES_PREFERRED.length()
                    + " floats; the kernel needs " + Gemm32.NR / 2);
        }
    }

    @Override
    public String name() {
        return "vector" + L * Float.SIZE;
    }

    @Override
    public void tile(float[] a, int ao, float[] b, int bo, int kLen, float[] t) {
        FloatVector c00 = FloatVector.fromArray(S, t, 0);
        FloatVector c01 = FloatVector.fromArray(S, t, L);
        FloatVector c10 = FloatVector.fromArray(S, t, NR);
        FloatVector c11 = FloatVector.fromArray(S, t, NR + L);
        FloatVector c20 = FloatVector.fromArray(S, t, 2 * NR);
        FloatVector c21 = FloatVector.fromArray(S, t, 2 * NR + L);
        FloatVector c30 = FloatVector.fromArray(S, t, 3 * NR);
        FloatVector c31 = FloatVector.fromArray(S, t, 3 * NR + L);
        FloatVector c40 = FloatVector.fromArray(S, t, 4 * NR);
        FloatVector c41 = FloatVector.fromArray(S, t, 4 * NR + L);
        FloatVector c50 = FloatVector.fromArray(S, t, 5 * NR);
        FloatVector c51 = FloatVector.fromArray(S, t, 5 * NR + L);
        FloatVector c60 = FloatVector.fromArray(S, t, 6 * NR);
        FloatVector c61 = FloatVector.fromArray(S, t, 6 * NR + L);
        FloatVector c70 = FloatVector.fromArray(S, t, 7 * NR);
        FloatVector c71 = FloatVector.fromArray(S, t, 7 * NR + L);
        for (int r = 0; r < kLen; r++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector v = FloatVector.broadcast(S, a[ao]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[ao + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[ao + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[ao + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[ao + 4]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[ao + 5]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[ao + 6]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[ao + 7]);
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
