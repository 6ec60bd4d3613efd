package org.taskmix.linalg;

import java.util.Arrays;

/**
 * The Vector API {@link RankKUpdate}, arranged as BLAS's SYRK: the block of rows is packed
 * once into column panels, and a register-tiled micro-kernel (the one {@link Gemm} uses,
 * {@link VectorGemmKernel#fmaTile}) updates an {@value #MR} ×
 * {@code 2·L} tile of {@code C} ({@code L} doubles per vector: 8 with AVX-512) held in
 * {@code 2·MR} vector registers for the whole block, so each step of the inner loop is two
 * vector loads, {@value #MR} broadcasts and {@code 2·MR} fused multiply-adds, and {@code C} is
 * read and written once per block. Loaded only when the JVM has the incubator module
 * {@code jdk.incubator.vector} (see {@link RankKUpdate#create}); same bits as the plain kernel.
 */
final class VectorRankKUpdate extends RankKUpdate {

    private static final int L = VectorGemmKernel.L;

    /** Accumulator rows per micro-tile (the shared kernel's). */
    static final int MR = VectorGemmKernel.MR;

    /** Accumulator columns per micro-tile: two vectors. */
    private static final int NR = VectorGemmKernel.NR;

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
                Arrays.fill(dst, base + rest, base + w, 0.0);
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

    /**
     * {@code tmp} = the fma chains over the block for the entries of row tile t and panel p: the
     * shared kernel's chains, started from zero.
     */
    private void microTile(int k, int t, int p, double[] tmp) {
        Arrays.fill(tmp, 0.0);
        VectorGemmKernel.fmaTile(aPack, t * k * MR, bPack, p * k * NR, k, tmp);
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
