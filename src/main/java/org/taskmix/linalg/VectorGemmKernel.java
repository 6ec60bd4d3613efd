package org.taskmix.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link Gemm} and of {@link VectorRankKUpdate}: an {@value #MR} ×
 * {@code 2·L} tile of {@code C} ({@code L} doubles per vector: 8 with AVX-512, 4 with AVX2) in
 * {@code 2·MR} vector registers, so each inner step is two vector loads of {@code B}, {@code MR}
 * broadcasts of {@code A} and {@code 2·MR} fused multiply-adds. {@link Gemm}'s tile is {@value
 * Gemm#NR} columns wide, so it uses this kernel only where {@code 2·L} is that (on other hardware
 * its plain kernel); {@link VectorRankKUpdate} packs its panels {@code 2·L} wide and uses it at
 * any width. Loaded only when the JVM has the incubator module {@code jdk.incubator.vector}; same
 * bits as {@link Gemm.ScalarKernel}: each entry is one fma chain over the inner index, whatever
 * the width.
 */
final class VectorGemmKernel implements Gemm.Kernel {

    /**
     * The preferred shape, at most 512 bits: on x86 this is the preferred shape itself (what
     * {@link VectorRankKUpdate} used before it shared this kernel), and wider hardware gets the
     * 512-bit shape {@link Gemm}'s 16-column tile was written for.
     */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() > 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;

    /** Doubles per vector. */
    static final int L = S.length();

    /** Accumulator rows per micro-tile: 2·MR accumulators plus loads fit AVX-512's 32 registers. */
    static final int MR = 8;

    /** Accumulator columns per micro-tile: two vectors. */
    static final int NR = 2 * L;

    /** Refuses hardware on which the tile is not {@link Gemm}'s: narrower than 512 bits. */
    VectorGemmKernel() {
        if (NR != Gemm.NR || MR != Gemm.MR) {
            throw new UnsupportedOperationException("vectors of " + L + " doubles; the kernel needs "
                    + Gemm.NR / 2);
        }
    }

    @Override
    public String name() {
        return "vector" + L * Double.SIZE;
    }

    @Override
    public void tile(double[] a, int ao, double[] b, int bo, int kLen, double[] t) {
        fmaTile(a, ao, b, bo, kLen, t);
    }

    /**
     * Continues the fma chains in {@code t} ({@code MR × NR}, row-major; zero to start) with
     * packed {@code A} from {@code ao} ({@code MR} values per inner index) and packed {@code B}
     * from {@code bo} ({@code NR} values per inner index).
     */
    static void fmaTile(double[] a, int ao, double[] b, int bo, int kLen, double[] t) {
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
