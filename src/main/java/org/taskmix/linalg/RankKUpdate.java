package org.taskmix.linalg;

import java.util.stream.IntStream;

/**
 * The symmetric rank-k update {@code C += XᵀX} on the upper triangle (BLAS's SYRK), for a block
 * of {@code k} sample rows of length {@code d}: the kernel of covariance estimation
 * (docs/theory.md §9.2).
 *
 * <p>Arithmetic contract, the same for every implementation and every thread count: each entry
 * {@code C[i][j]}, {@code j ≥ i}, gets {@code C[i][j] + s} where {@code s} is the fused
 * multiply-add chain {@code s = fma(x[r][i], x[r][j], s)} over {@code r = 0, 1, …, k − 1} from
 * {@code s = 0}. Only the rounding of that chain and of the final add enter, so the result is
 * bit-identical whichever implementation ({@link #create}) and however many threads compute it;
 * entries below the diagonal are never written.
 *
 * <p>Two implementations: a register-tiled kernel on the Vector API (incubator module
 * {@code jdk.incubator.vector}, used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), and a plain-Java one whose inner loop is an
 * {@code axpy} over contiguous arrays that the JIT can vectorise. An instance holds packing
 * buffers: use one per thread of callers (it is not thread-safe; its own {@code threads}
 * argument is the way to share one update between threads).
 */
public abstract class RankKUpdate {

    /** Below this dimension a block's update is too short (under ~1 ms) to share between threads. */
    public static final int PARALLEL_MIN_DIM = 128;

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "org.taskmix.linalg.VectorRankKUpdate";

    /** Dimension {@code d} of the rows. */
    protected final int d;

    /** Largest block {@code k} this instance accepts. */
    protected final int maxRows;

    /**
     * @param d       row length
     * @param maxRows largest number of rows per update
     */
    protected RankKUpdate(int d, int maxRows) {
        if (d < 1 || maxRows < 1) {
            throw new IllegalArgumentException("rank-k update of " + maxRows + " rows of " + d + " columns");
        }
        this.d = d;
        this.maxRows = maxRows;
    }

    /**
     * The fastest implementation available in this JVM: the Vector API kernel if the incubator
     * module is present (and the system property {@code taskmix.vector} is not {@code false}),
     * else the plain-Java one.
     */
    public static RankKUpdate create(int d, int maxRows) {
        if (vectorAvailable()) {
            try {
                return (RankKUpdate) Class.forName(VECTOR_CLASS).getDeclaredConstructor(int.class, int.class)
                        .newInstance(d, maxRows);
            } catch (ReflectiveOperationException | LinkageError e) {
                // The module is present but the kernel cannot be loaded: the plain kernel gives
                // the same bits, only slower.
            }
        }
        return scalar(d, maxRows);
    }

    /** The plain-Java implementation, whatever the JVM offers (for tests and comparisons). */
    public static RankKUpdate scalar(int d, int maxRows) {
        return new ScalarRankKUpdate(d, maxRows);
    }

    /**
     * A new instance of the Vector API class {@code className} (no-argument constructor) if the JVM
     * has the module and the class loads and accepts this hardware, else {@code plain}: the
     * kernels promise the same bits either way, so only the speed depends on it.
     */
    static <T> T vectorOr(String className, Class<T> type, java.util.function.Supplier<T> plain) {
        if (vectorAvailable()) {
            try {
                return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                // The module is present but the kernel cannot be used here: the plain one instead.
            }
        }
        return plain.get();
    }

    /** True if {@link #create} will use the Vector API kernel. */
    public static boolean vectorAvailable() {
        return !"false".equals(System.getProperty("taskmix.vector"))
                && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** A short name of the implementation, for logs and benchmarks. */
    public abstract String name();

    /**
     * {@code c += XᵀX} on the upper triangle for rows {@code x[0..k)} (each of length at least
     * {@code d}), sharing the work between {@code threads} threads (the result does not depend on
     * it).
     *
     * @param c a {@code d × d} accumulator; only entries {@code j ≥ i} are read and written
     */
    public final void update(double[][] x, int k, double[][] c, int threads) {
        if (k < 0 || k > maxRows || x.length < k || c.length < d) {
            throw new IllegalArgumentException("block of " + k + " rows for a rank-k update of at most " + maxRows);
        }
        if (k == 0) {
            return;
        }
        pack(x, k);
        int tiles = tileCount();
        if (threads <= 1 || d < PARALLEL_MIN_DIM) {
            updateTiles(k, c, 0, tiles);
            return;
        }
        int[] cut = split(tiles, threads);
        IntStream.range(0, threads).parallel().forEach(t -> updateTiles(k, c, cut[t], cut[t + 1]));
    }

    /**
     * Tile boundaries giving each of {@code threads} parts about the same work: row tile
     * {@code t} of the upper triangle costs about {@code d − t·rowsPerTile()}.
     */
    private int[] split(int tiles, int threads) {
        int[] cut = new int[threads + 1];
        double total = 0;
        for (int t = 0; t < tiles; t++) {
            total += d - (double) t * rowsPerTile();
        }
        int p = 1;
        double done = 0;
        for (int t = 0; t < tiles && p < threads; t++) {
            done += d - (double) t * rowsPerTile();
            while (p < threads && done >= total * p / threads) {
                cut[p++] = t + 1;
            }
        }
        while (p <= threads) {
            cut[p++] = tiles;
        }
        return cut;
    }

    /** Copies rows {@code x[0..k)} into this implementation's packed layout. */
    protected abstract void pack(double[][] x, int k);

    /** Accumulator rows per tile of work (the unit of the thread split). */
    protected abstract int rowsPerTile();

    /** Number of row tiles covering {@code d}. */
    protected final int tileCount() {
        return (d + rowsPerTile() - 1) / rowsPerTile();
    }

    /** Updates accumulator row tiles {@code [lo, hi)} from the packed block of {@code k} rows. */
    protected abstract void updateTiles(int k, double[][] c, int lo, int hi);
}
