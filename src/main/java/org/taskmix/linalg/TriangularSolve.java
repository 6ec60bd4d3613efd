package org.taskmix.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@code L⁻¹B} and {@code L⁻ᵀB} for a lower-triangular {@code L} and many right-hand sides (BLAS's
 * TRSM), blocked so that almost all of the {@code d²n} work is {@link Gemm} products
 * (docs/theory.md §8): rows are solved in blocks of {@link #NB}; each block first subtracts what
 * the rows above contribute (one product), then runs forward substitution on its own
 * {@code NB × NB} diagonal block, column by column. Every step has a fixed order and columns are
 * independent, so the result does not depend on the number of cores.
 */
public final class TriangularSolve {

    /** Rows per block: the diagonal solves ({@code NB/d} of the work) stay small, the products long. */
    static final int NB = 128;

    private TriangularSolve() {
    }

    /**
     * {@code X = L⁻¹B}: {@code l} is {@code d × d} (only its lower triangle is read, diagonal
     * non-zero), {@code b} is {@code d × n}; {@code b} is not changed.
     */
    public static DMatrixRMaj lower(DMatrixRMaj l, DMatrixRMaj b) {
        int d = checkShapes(l, b);
        int n = b.numCols;
        // The cores a parallel stream uses: the common pool's workers and the calling thread.
        int slices = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, n / MIN_SLICE_COLUMNS);
        if (slices <= 1) {
            DMatrixRMaj x = b.copy();
            solveInPlace(l, x, true);
            return x;
        }
        // Columns are independent: each core solves a slice of them with products on its own thread.
        // A block of 128 rows is one row block of the product on each core otherwise, so the two cores
        // got 96 and 32 rows, and the solved rows were packed for every block on one core.
        DMatrixRMaj x = new DMatrixRMaj(d, n);
        IntStream.range(0, slices).parallel().forEach(s -> {
            int j0 = (int) ((long) n * s / slices);
            int j1 = (int) ((long) n * (s + 1) / slices);
            DMatrixRMaj slice = new DMatrixRMaj(d, j1 - j0);
            CommonOps_DDRM.extract(b, 0, d, j0, j1, slice, 0, 0);
            solveInPlace(l, slice, false);
            CommonOps_DDRM.insert(slice, x, 0, j0);
        });
        return x;
    }

    /**
     * Right-hand sides per core from which {@link #lower} splits the columns between cores: below
     * it one product per block on all cores does better.
     */
    static final int MIN_SLICE_COLUMNS = 256;

    /** {@code x ← L⁻¹x}, block by block; products and diagonal solves on all cores if {@code parallel}. */
    private static void solveInPlace(DMatrixRMaj l, DMatrixRMaj x, boolean parallel) {
        int d = l.numRows;
        // Work matrices sized for the largest block, reshaped (not reallocated) for each one.
        DMatrixRMaj panel = new DMatrixRMaj(Math.min(NB, d), Math.max(1, d - Math.min(NB, d)));
        DMatrixRMaj t = new DMatrixRMaj(Math.min(NB, d), x.numCols);
        // The solved rows, packed once each as they are solved, for every later block's product.
        try (Gemm.RightRows solved = new Gemm.RightRows(d, x.numCols)) {
            for (int r0 = 0; r0 < d; r0 += NB) {
                int r1 = Math.min(d, r0 + NB);
                if (r0 > 0) {
                    subtractAbove(l, x, r0, r1, parallel, panel, t, solved);
                }
                solveDiagonalBlock(l, x, r0, r1, parallel);
                if (r1 < d) {
                    solved.append(x, r0, r1);
                }
            }
        }
    }

    /**
     * {@code X = L⁻ᵀB}, by {@link #lower} on the reversed problem: with {@code J} the reversal of
     * rows, {@code JLᵀJ} is lower triangular and {@code (JLᵀJ)(JX) = JB}.
     */
    public static DMatrixRMaj lowerTransposed(DMatrixRMaj l, DMatrixRMaj b) {
        int d = checkShapes(l, b);
        DMatrixRMaj rl = new DMatrixRMaj(d, d);
        // (JLᵀJ)[i][j] = Lᵀ[d−1−i][d−1−j] = L[d−1−j][d−1−i], in 64 × 64 tiles on all cores: the
        // plain walk read L down its columns, a cache miss per entry.
        IntStream.range(0, (d + 63) / 64).parallel().forEach(bi -> {
            int i0 = 64 * bi;
            for (int j0 = 0; j0 <= Math.min(d - 1, i0 + 63); j0 += 64) {
                for (int j = j0; j < Math.min(d, j0 + 64); j++) {
                    int src = (d - 1 - j) * d + (d - 1);
                    for (int i = Math.max(i0, j); i < Math.min(d, i0 + 64); i++) {
                        rl.data[i * d + j] = l.data[src - i];
                    }
                }
            }
        });
        DMatrixRMaj x = lower(rl, reverseRows(b));
        return reverseRows(x);
    }

    private static DMatrixRMaj reverseRows(DMatrixRMaj a) {
        int rows = a.numRows;
        int cols = a.numCols;
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a.data, i * cols, out.data, (rows - 1 - i) * cols, cols);
        }
        return out;
    }

    /** {@code X[r0:r1] −= L[r0:r1, 0:r0] · X[0:r0]} (rows above already solved), one product. */
    private static void subtractAbove(DMatrixRMaj l, DMatrixRMaj x, int r0, int r1, boolean parallel,
                                      DMatrixRMaj panel, DMatrixRMaj t, Gemm.RightRows solved) {
        int d = l.numRows;
        int n = x.numCols;
        int rows = r1 - r0;
        panel.reshape(rows, r0, false);
        t.reshape(rows, n, false);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(l.data, (r0 + i) * d, panel.data, i * r0, r0);
        }
        solved.multiplyFirstRows(panel, t, parallel);
        int off = r0 * n;
        for (int i = 0; i < rows * n; i++) {
            x.data[off + i] -= t.data[i];
        }
    }

    /** Forward substitution with {@code L[r0:r1, r0:r1]} on rows {@code r0..r1} of every column. */
    private static void solveDiagonalBlock(DMatrixRMaj l, DMatrixRMaj x, int r0, int r1, boolean parallel) {
        int d = l.numRows;
        int n = x.numCols;
        int chunk = 64;
        IntStream chunks = IntStream.range(0, (n + chunk - 1) / chunk);
        (parallel ? chunks.parallel() : chunks).forEach(c -> {
            int j0 = c * chunk;
            int w = Math.min(n, j0 + chunk) - j0;
            // Row i's entries are updated in a separate array, four rows k at a time: the same
            // operations in the same order per entry, with a quarter of the loads and stores of
            // the partial sums (the loop ran at about 3 GFLOP/s, a quarter of a d = 4096 solve).
            double[] xd = x.data;
            double[] ld = l.data;
            double[] acc = new double[w];
            for (int i = r0; i < r1; i++) {
                double lii = ld[i * d + i];
                int row = i * n + j0;
                System.arraycopy(xd, row, acc, 0, w);
                int k = r0;
                for (; k + 3 < i; k += 4) {
                    double l0 = ld[i * d + k];
                    double l1 = ld[i * d + k + 1];
                    double l2 = ld[i * d + k + 2];
                    double l3 = ld[i * d + k + 3];
                    int a0 = k * n + j0;
                    int a1 = a0 + n;
                    int a2 = a1 + n;
                    int a3 = a2 + n;
                    for (int j = 0; j < w; j++) {
                        acc[j] = (((acc[j] - l0 * xd[a0 + j]) - l1 * xd[a1 + j]) - l2 * xd[a2 + j]) - l3 * xd[a3 + j];
                    }
                }
                for (; k < i; k++) {
                    double lik = ld[i * d + k];
                    int rowK = k * n + j0;
                    for (int j = 0; j < w; j++) {
                        acc[j] -= lik * xd[rowK + j];
                    }
                }
                for (int j = 0; j < w; j++) {
                    xd[row + j] = acc[j] / lii;
                }
            }
        });
    }

    /** {@code d}, the order of {@code l}, after checking that {@code l} is square and {@code b} has d rows. */
    private static int checkShapes(DMatrixRMaj l, DMatrixRMaj b) {
        int d = l.numRows;
        if (l.numCols != d || b.numRows != d) {
            throw new IllegalArgumentException("triangular solve of " + l.numRows + "x" + l.numCols + " with "
                    + b.numRows + "x" + b.numCols);
        }
        return d;
    }
}
