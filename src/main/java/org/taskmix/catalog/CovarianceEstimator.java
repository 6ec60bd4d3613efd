package org.taskmix.catalog;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.taskmix.linalg.RankKUpdate;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Streaming estimate of a feature covariance from samples, one block of rows at a time, so that
 * memory use is {@code O(d²)} whatever the number of samples.
 *
 * <p>Two estimators:
 * <ul>
 *   <li>uncentred (default): the second-moment matrix {@code S = (1/N) Σ x xᵀ}. This is the
 *       {@code Λ} of docs/theory.md §1, where features have mean zero and the model sees raw
 *       {@code x}: {@code E[Ŝ] = E[xxᵀ] = Λ};</li>
 *   <li>centred: the sample covariance {@code (1/(N−1)) Σ (x − x̄)(x − x̄)ᵀ}, for embeddings whose
 *       mean is not zero and should not count as a skill.</li>
 * </ul>
 *
 * <p>Arithmetic, and why it is arranged so. Rows are copied into a block of {@link #BLOCK_ROWS}
 * rows; each full block is added to the upper triangle by a rank-{@code BLOCK_ROWS} update
 * ({@link RankKUpdate}, arranged as BLAS's SYRK: each entry gets the fused multiply-add chain of
 * the block's products, summed in row order, then one add to the accumulator; docs/theory.md
 * §9.2). Blocks form chunks of
 * {@link #CHUNK_ROWS} rows, each accumulated separately and then merged into the total; this
 * two-level summation keeps the rounding error of a billion-row sum near that of a 65,536-row
 * one. Centring is one pass and numerically stable: each block is centred on its own mean and
 * blocks and chunks are merged with the pairwise update of Chan, Golub and LeVeque (1979),
 * {@code M₂ = M₂ᵃ + M₂ᵇ + δδᵀ·nₐn_b/n}, {@code δ = x̄ᵇ − x̄ᵃ}, which never subtracts two large
 * sums of squares.
 *
 * <p>Determinism: the block and chunk partition depends only on row numbers, so the result is
 * bit-identical however the caller splits its blocks, and {@link #of(RowSource, boolean, int)}
 * gives bit-identical results for every thread count (chunks are merged in row order).
 */
public final class CovarianceEstimator implements RowSource.Sink {

    /**
     * Rows per rank-k update. Each accumulator entry is read and written once per block, and the
     * packed block (128 rows of d = 768 doubles, 768 KiB) still fits the 1 MiB L2 cache of the
     * benchmark machine. Measured at d = 768: 37.0, 38.2 and 39.3 GFLOP/s per CPU-second for
     * blocks of 64, 128 and 256 rows; 256 would double the buffers per worker for 3%
     * (docs/benchmarks.md §6).
     */
    public static final int BLOCK_ROWS = 128;

    /** Rows per chunk: the unit of the two-level sum and of the work given to one thread. */
    public static final int CHUNK_ROWS = 1 << 16;

    private final int d;
    private final boolean center;
    private final long rowOffset;
    // Threads sharing each block's update (sequential sources only; 1 for chunk workers).
    private int updateThreads = 1;

    // Totals over all merged chunks: count, column sums (uncentred) or means (centred), upper-triangle scatter.
    private long n;
    private final double[] first;
    private final double[][] m2;

    // The chunk being filled.
    private long chunkN;
    private final double[] chunkFirst;
    private final double[][] chunkM2;

    // The block being filled, and scratch for centred blocks.
    private final double[][] block;
    // Made at the first block: an estimator built from Moments only merges and needs no buffers.
    private RankKUpdate kernel;
    private int blockRows;
    private final double[] blockMean;
    private final double[][] blockM2;

    // Rows accepted so far (for messages naming the bad row).
    private long accepted;
    /** Scratch of {@link #accept(float[], int)}: the float block as doubles. */
    private double[] widened;

    /**
     * An empty estimator.
     *
     * @param d      number of columns
     * @param center true for the centred sample covariance, false for the second-moment matrix
     */
    public CovarianceEstimator(int d, boolean center) {
        this(d, center, 0);
    }

    private CovarianceEstimator(int d, boolean center, long rowOffset) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension " + d + " must be >= 1");
        }
        if ((long) d * d > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("dimension " + d + " is too large for a dense covariance");
        }
        this.d = d;
        this.center = center;
        this.rowOffset = rowOffset;
        this.first = new double[d];
        this.m2 = new double[d][d];
        this.chunkFirst = new double[d];
        this.chunkM2 = new double[d][d];
        this.block = new double[BLOCK_ROWS][d];
        this.blockMean = center ? new double[d] : null;
        this.blockM2 = center ? new double[d][d] : null;
    }

    /**
     * Estimates from every row of {@code source}. With {@code threads > 1} and a random-access
     * source, chunks of {@link #CHUNK_ROWS} rows are read and accumulated on {@code threads}
     * threads and merged in row order, so the result is bit-identical to {@code threads = 1}.
     *
     * @throws IllegalArgumentException (or the source's own exception) for non-finite values
     */
    public static CovarianceEstimator of(RowSource source, boolean center, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        int d = source.dim();
        long rows = source.rows();
        if (threads == 1 || !source.randomAccess() || rows <= CHUNK_ROWS) {
            CovarianceEstimator e = new CovarianceEstimator(d, center);
            e.updateThreads = threads;
            source.readAll(e);
            e.finish();
            return e;
        }
        long chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int workers = (int) Math.min(threads, chunks);
        CovarianceEstimator total = new CovarianceEstimator(d, center);
        ExecutorService pool = Workers.daemonPool(workers, "taskmix-covariance");
        // A window of 2 chunks per worker keeps every thread busy while the merge, in row order,
        // bounds memory to O(workers · d²) however many chunks the file has.
        ArrayDeque<Future<CovarianceEstimator>> window = new ArrayDeque<>();
        try {
            for (long c = 0; c < chunks; c++) {
                if (window.size() >= 2 * workers) {
                    total.mergeFinished(Workers.await(window.poll(), "interrupted while estimating a covariance"));
                }
                long start = c * CHUNK_ROWS;
                long count = Math.min(CHUNK_ROWS, rows - start);
                window.add(pool.submit(() -> {
                    CovarianceEstimator part = new CovarianceEstimator(d, center, start);
                    source.read(start, count, part);
                    part.finish();
                    if (part.n != count) {
                        throw new IllegalStateException("sample source delivered " + part.n + " rows for rows "
                                + start + ".." + (start + count - 1));
                    }
                    return part;
                }));
            }
            while (!window.isEmpty()) {
                total.mergeFinished(Workers.await(window.poll(), "interrupted while estimating a covariance"));
            }
        } finally {
            for (Future<CovarianceEstimator> f : window) {
                f.cancel(true);
            }
            pool.shutdownNow();
        }
        total.accepted = total.n;
        return total;
    }

    /** Number of columns. */
    public int dim() {
        return d;
    }

    /** True if this estimator centres the samples. */
    public boolean centered() {
        return center;
    }

    @Override
    public void accept(double[] rows, int count) {
        checkBlock(rows.length, count);
        int pos = 0;
        for (int r = 0; r < count; r++) {
            double[] dst = block[blockRows];
            for (int c = 0; c < d; c++) {
                double v = rows[pos + c];
                if (!Double.isFinite(v)) {
                    throw nonFinite(c, v);
                }
                dst[c] = v;
            }
            pos += d;
            rowDone();
        }
    }

    /**
     * Widens the block to doubles and accepts that: one rule for both element types. The copy is
     * one pass over the block; the update it feeds costs {@code d} times more per row.
     */
    @Override
    public void accept(float[] rows, int count) {
        checkBlock(rows.length, count);
        int len = count * d;
        if (widened == null || widened.length < len) {
            widened = new double[len];
        }
        for (int i = 0; i < len; i++) {
            widened[i] = rows[i];
        }
        accept(widened, count);
    }

    private void checkBlock(int length, int count) {
        if (count < 0 || (long) count * d > length) {
            throw new IllegalArgumentException("block of " + length + " values cannot hold " + count + " rows of " + d);
        }
    }

    private IllegalArgumentException nonFinite(int c, double v) {
        long row = rowOffset + accepted;
        return new IllegalArgumentException("row " + row + ", column " + c + " (counting from 0): value " + v
                + " is not finite; samples must be finite numbers");
    }

    private void rowDone() {
        accepted++;
        blockRows++;
        if (blockRows == BLOCK_ROWS) {
            flushBlock();
        }
    }

    /**
     * Merges {@code later}, whose rows follow this estimator's rows, into this one (Chan et al.'s
     * pairwise update). Both are finished first.
     */
    public void merge(CovarianceEstimator later) {
        if (later.d != d || later.center != center) {
            throw new IllegalArgumentException("cannot merge a " + later.d + "-column " + (later.center ? "centred" : "uncentred")
                    + " estimate into a " + d + "-column " + (center ? "centred" : "uncentred") + " one");
        }
        finish();
        later.finish();
        mergeFinished(later);
        accepted = n;
    }

    private void mergeFinished(CovarianceEstimator later) {
        n = combine(n, first, m2, later.n, later.first, later.m2);
    }

    /** Processes buffered rows; called by every result accessor. */
    private void finish() {
        flushBlock();
        if (chunkN > 0) {
            flushChunk();
        }
    }

    /** Number of rows accepted. */
    public long count() {
        finish();
        return n;
    }

    /**
     * The merged state of an estimator, for moving partial estimates between processes (the
     * Spark job of docs/formats.md "Spark estimation" computes one per partition and task and
     * merges them with {@link #merge}): the row count, the column sums (uncentred) or the mean
     * (centred), and the upper triangle of the scatter matrix, row by row.
     *
     * @param d        number of columns
     * @param centered whether {@code first} is a mean and {@code upper} the centred co-moment
     * @param count    rows
     * @param first    column sums (uncentred) or means (centred), length {@code d}
     * @param upper    upper triangle of {@code Σ x xᵀ} (uncentred) or {@code Σ (x − x̄)(x − x̄)ᵀ}
     *                 (centred), {@code d(d+1)/2} values
     */
    public record Moments(int d, boolean centered, long count, double[] first, double[] upper)
            implements java.io.Serializable {
    }

    /** This estimator's state after every accepted row (flushes the partial block and chunk). */
    public Moments moments() {
        finish();
        double[] upper = new double[d * (d + 1) / 2];
        int pos = 0;
        for (int i = 0; i < d; i++) {
            System.arraycopy(m2[i], i, upper, pos, d - i);
            pos += d - i;
        }
        return new Moments(d, center, n, first.clone(), upper);
    }

    /** An estimator holding {@code m}'s state, to be merged with others or read. */
    public static CovarianceEstimator of(Moments m) {
        CovarianceEstimator e = new CovarianceEstimator(m.d(), m.centered());
        if (m.first().length != m.d() || m.upper().length != m.d() * (m.d() + 1) / 2 || m.count() < 0) {
            throw new IllegalArgumentException("moments of " + m.d() + " columns have " + m.first().length + " sums, "
                    + m.upper().length + " scatter entries and count " + m.count());
        }
        System.arraycopy(m.first(), 0, e.first, 0, m.d());
        int pos = 0;
        for (int i = 0; i < m.d(); i++) {
            System.arraycopy(m.upper(), pos, e.m2[i], i, m.d() - i);
            pos += m.d() - i;
        }
        e.n = m.count();
        e.accepted = m.count();
        return e;
    }

    /** Column means {@code x̄}. */
    public double[] mean() {
        finish();
        if (n == 0) {
            throw new IllegalStateException("no samples");
        }
        double[] out = first.clone();
        if (!center) {
            for (int i = 0; i < d; i++) {
                out[i] /= n;
            }
        }
        return out;
    }

    /**
     * The estimate: {@code (1/N) Σ x xᵀ} when uncentred, {@code (1/(N−1)) Σ (x − x̄)(x − x̄)ᵀ}
     * when centred.
     *
     * @throws IllegalArgumentException if there are too few rows (none; one when centred) or the
     *         sums overflowed
     */
    public SymmetricMatrix covariance() {
        finish();
        long min = center ? 2 : 1;
        if (n < min) {
            throw new IllegalArgumentException("has " + n + " samples; a " + (center ? "centred " : "")
                    + "covariance needs at least " + min);
        }
        double scale = 1.0 / (center ? n - 1 : n);
        // The upper triangle row by row (so an overflow is named in that order), mirrored in tiles by
        // fromUpper: the bits of SymmetricMatrix.of of the mirrored rows, without its copy and checks.
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            double[] row = m2[i];
            int at = i * d;
            for (int j = i; j < d; j++) {
                double v = row[j] * scale;
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sample covariance entry [" + i + "][" + j + "] overflows (" + v
                            + "); rescale the samples");
                }
                flat[at + j] = v;
            }
        }
        return SymmetricMatrix.fromUpper(d, flat);
    }

    private void flushBlock() {
        int k = blockRows;
        if (k == 0) {
            return;
        }
        blockRows = 0;
        if (kernel == null) {
            kernel = RankKUpdate.create(d, BLOCK_ROWS);
        }
        if (center) {
            java.util.Arrays.fill(blockMean, 0);
            for (int r = 0; r < k; r++) {
                double[] row = block[r];
                for (int c = 0; c < d; c++) {
                    blockMean[c] += row[c];
                }
            }
            for (int c = 0; c < d; c++) {
                blockMean[c] /= k;
            }
            for (int r = 0; r < k; r++) {
                double[] row = block[r];
                for (int c = 0; c < d; c++) {
                    row[c] -= blockMean[c];
                }
            }
            for (double[] row : blockM2) {
                java.util.Arrays.fill(row, 0);
            }
            kernel.update(block, k, blockM2, updateThreads);
            chunkN = combine(chunkN, chunkFirst, chunkM2, k, blockMean, blockM2);
        } else {
            for (int r = 0; r < k; r++) {
                double[] row = block[r];
                for (int c = 0; c < d; c++) {
                    chunkFirst[c] += row[c];
                }
            }
            kernel.update(block, k, chunkM2, updateThreads);
            chunkN += k;
        }
        if (chunkN >= CHUNK_ROWS) {
            flushChunk();
        }
    }

    private void flushChunk() {
        n = combine(n, first, m2, chunkN, chunkFirst, chunkM2);
        chunkN = 0;
        java.util.Arrays.fill(chunkFirst, 0);
        for (double[] row : chunkM2) {
            java.util.Arrays.fill(row, 0);
        }
    }

    /**
     * Adds part b to part a in place and returns the new count. Uncentred parts hold column sums
     * and {@code Σxxᵀ}; centred parts hold means and {@code Σ(x − x̄)(x − x̄)ᵀ} (upper triangles).
     */
    private long combine(long na, double[] firstA, double[][] m2a, long nb, double[] firstB, double[][] m2b) {
        if (nb == 0) {
            return na;
        }
        if (center && na == 0) {
            System.arraycopy(firstB, 0, firstA, 0, d);
            for (int i = 0; i < d; i++) {
                System.arraycopy(m2b[i], i, m2a[i], i, d - i);
            }
            return nb;
        }
        if (!center) {
            for (int i = 0; i < d; i++) {
                firstA[i] += firstB[i];
                double[] a = m2a[i];
                double[] b = m2b[i];
                for (int j = i; j < d; j++) {
                    a[j] += b[j];
                }
            }
            return na + nb;
        }
        long total = na + nb;
        double f = (double) na * nb / total;
        double wb = (double) nb / total;
        for (int i = 0; i < d; i++) {
            double di = (firstB[i] - firstA[i]) * f;
            double[] a = m2a[i];
            double[] b = m2b[i];
            for (int j = i; j < d; j++) {
                a[j] += b[j] + di * (firstB[j] - firstA[j]);
            }
        }
        for (int i = 0; i < d; i++) {
            firstA[i] += (firstB[i] - firstA[i]) * wb;
        }
        return total;
    }
}
