package org.taskmix.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Symmetric products through the covariance kernel {@link RankKUpdate} (BLAS's SYRK): the Gram
 * matrices {@code AᵀA} and {@code AAᵀ}, and the symmetric square {@code A²} of a symmetric
 * {@code A} (which is {@code AᵀA}). Only the upper triangle is computed, so each costs half the
 * flops of the general product {@link Gemm}, at the same kernel speed; the lower triangle is its
 * mirror, so the result is exactly symmetric (docs/theory.md §8.2).
 *
 * <p>Arithmetic: entry {@code (i, j)}, {@code j ≥ i}, of {@code AᵀA} is summed over the rows of
 * {@code A} in blocks of {@value #BLOCK}: within a block the fused multiply-add chain of
 * {@link RankKUpdate}, then added to the running sum, block after block in row order. The order
 * is fixed by the shape alone, so the result is bit-identical for any number of cores.
 */
public final class Syrk {

    /** Rows per update: the kernel's block height in covariance estimation. */
    static final int BLOCK = 128;

    /** From this order the mirror copy is split between cores (below it, a millisecond or less). */
    static final int PARALLEL_MIRROR = 512;

    private Syrk() {
    }

    /** {@code AᵀA} ({@code n × n} for an {@code m × n} matrix {@code A}), on {@code threads} threads. */
    public static DMatrixRMaj transposeTimesSelf(DMatrixRMaj a, int threads) {
        int m = a.numRows;
        int n = a.numCols;
        double[][] c = new double[n][n];
        RankKUpdate kernel = RankKUpdate.create(n, BLOCK);
        double[][] rows = new double[Math.min(BLOCK, m)][n];
        for (int r0 = 0; r0 < m; r0 += BLOCK) {
            int k = Math.min(BLOCK, m - r0);
            for (int r = 0; r < k; r++) {
                System.arraycopy(a.data, (r0 + r) * n, rows[r], 0, n);
            }
            kernel.update(rows, k, c, threads);
        }
        return mirrored(c);
    }

    /** {@code AAᵀ} ({@code m × m} for an {@code m × n} matrix {@code A}), on {@code threads} threads. */
    public static DMatrixRMaj timesTranspose(DMatrixRMaj a, int threads) {
        // AAᵀ is (Aᵀ)ᵀ(Aᵀ): the kernel's rows are A's columns, gathered block by block (the same
        // rows as from the transpose, without a transposed copy of A: 134 MB at d = 4096).
        int m = a.numRows;
        int n = a.numCols;
        double[][] c = new double[m][m];
        RankKUpdate kernel = RankKUpdate.create(m, BLOCK);
        double[][] rows = new double[Math.min(BLOCK, n)][m];
        for (int r0 = 0; r0 < n; r0 += BLOCK) {
            int k = Math.min(BLOCK, n - r0);
            for (int j = 0; j < m; j++) {
                int off = j * n + r0;
                for (int r = 0; r < k; r++) {
                    rows[r][j] = a.data[off + r];
                }
            }
            kernel.update(rows, k, c, threads);
        }
        return mirrored(c);
    }

    /** {@code A²} of a symmetric {@code A} (row-major, {@code n × n}; only symmetric input is meaningful). */
    public static DMatrixRMaj symmetricSquare(DMatrixRMaj a, int threads) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException("square of a " + a.numRows + "x" + a.numCols + " matrix");
        }
        return transposeTimesSelf(a, threads);
    }

    /** The full matrix from its upper triangle. */
    private static DMatrixRMaj mirrored(double[][] c) {
        int n = c.length;
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        double[] o = out.data;
        // Copies only, so splitting the rows between cores changes no value (a serial pass was
        // a tenth of a second per Gram matrix at d = 4096).
        java.util.stream.IntStream rowsStream = java.util.stream.IntStream.range(0, n);
        (n >= PARALLEL_MIRROR ? rowsStream.parallel() : rowsStream).forEach(i ->
                System.arraycopy(c[i], i, o, i * n + i, n - i));
        // Lower triangle from the upper, in 64 × 64 tiles: a column walk is a cache miss per entry.
        java.util.stream.IntStream blocks = java.util.stream.IntStream.range(0, (n + 63) / 64);
        (n >= PARALLEL_MIRROR ? blocks.parallel() : blocks).forEach(b -> {
            int i0 = 64 * b;
            for (int j0 = i0; j0 < n; j0 += 64) {
                for (int i = i0; i < Math.min(n, i0 + 64); i++) {
                    for (int j = Math.max(j0, i + 1); j < Math.min(n, j0 + 64); j++) {
                        o[j * n + i] = o[i * n + j];
                    }
                }
            }
        });
        return out;
    }
}
