package org.taskmix.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link RankKUpdate}, arranged as BLAS's SYRK: the block of rows is packed
 * once into column panels, and a register-tiled micro-kernel updates an {@value #MR} ×
 * {@code 2·L} tile of {@code C} ({@code L} doubles per vector: 8 with AVX-512) held in
 * {@code 2·MR} vector registers for the whole block, so each step of the inner loop is two
 * vector loads, {@value #MR} broadcasts and {@code 2·MR} fused multiply-adds, and {@code C} is
 * read and written once per block. Loaded only when the JVM has the incubator module
 * {@code jdk.incubator.vector} (see {@link RankKUpdate#create}); same bits as the plain kernel.
 */
final class VectorRankKUpdate extends RankKUpdate {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Accumulator rows per micro-tile: 2·MR accumulators plus loads fit AVX-512's 32 registers. */
    static final int MR = 8;

    /** Accumulator columns per micro-tile: two vectors. */
    private static final int NR = 2 * L;

    // aPack: for each tile of MR columns, row by row, MR values; bPack: the same for panels of NR.
    private final double[] aPack;
    private final double[] bPack;
    private final int panels;

    VectorRankKUpdate(int d, int maxRows) {
        super(d, maxRows);
        this.panels = (d + NR - 1) / NR;
        this.aPack = new double[tileCount() * MR * maxRows];
        this.bPack = new double[panels * NR * maxRows];
    }

    @Override
    public String name() {
        return "vector" + L * Double.SIZE;
    }

    @Override
    protected int rowsPerTile() {
        return MR;
    }

    @Override
    protected void pack(double[][] x, int k) {
        packInto(x, k, aPack, MR);
        packInto(x, k, bPack, NR);
    }

    /** Column panels of width {@code w}: panel p holds, for r = 0..k−1, x[r][p·w .. p·w+w) (zero past d). */
    private void packInto(double[][] x, int k, double[] dst, int w) {
        int full = d / w;
        for (int r = 0; r < k; r++) {
            double[] row = x[r];
            for (int p = 0; p < full; p++) {
                System.arraycopy(row, p * w, dst, (p * k + r) * w, w);
            }
            if (full * w < d) {
                int base = (full * k + r) * w;
                int rest = d - full * w;
                System.arraycopy(row, full * w, dst, base, rest);
                java.util.Arrays.fill(dst, base + rest, base + w, 0.0);
            }
        }
    }

    @Override
    protected void updateTiles(int k, double[][] c, int lo, int hi) {
        double[] tmp = new double[MR * NR];
        for (int t = lo; t < hi; t++) {
            int i0 = t * MR;
            for (int p = i0 / NR; p < panels; p++) {
                microTile(k, t, p, tmp);
                addTile(c, i0, p * NR, tmp);
            }
        }
    }

    /** {@code tmp} = the fma chains over the block for the entries of row tile t and panel p. */
    private void microTile(int k, int t, int p, double[] tmp) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        DoubleVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        double[] a = aPack;
        double[] b = bPack;
        int ao = t * k * MR;
        int bo = p * k * NR;
        for (int r = 0; r < k; r++, ao += MR, bo += NR) {
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
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR);
        c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR);
        c71.intoArray(tmp, 7 * NR + L);
    }

    /**
     * Adds the micro-tile's sums {@code tmp} to {@code C[i0..i0+MR)[j0..j0+NR)}, only the entries
     * {@code j ≥ i} inside {@code C}. A separate method keeps {@link #microTile} small enough for
     * the JIT to keep all accumulators in registers.
     */
    private void addTile(double[][] c, int i0, int j0, double[] tmp) {
        int jEnd = Math.min(j0 + NR, d);
        for (int m = 0; m < MR && i0 + m < d; m++) {
            int i = i0 + m;
            double[] row = c[i];
            int off = m * NR - j0;
            for (int j = Math.max(i, j0); j < jEnd; j++) {
                row[j] += tmp[off + j];
            }
        }
    }
}
