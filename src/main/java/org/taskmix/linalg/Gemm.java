package org.taskmix.linalg;

import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;

/**
 * The dense product {@code C = α·A·B} (BLAS's GEMM) for the {@code d³} steps of the predictions at
 * d = 768–4096 (docs/theory.md §8): {@code A} is packed into tiles of {@link #MR} rows and
 * {@code B} into panels of {@link #NR} columns, and a register-tiled micro-kernel (Vector API when
 * the JVM has {@code jdk.incubator.vector}, else plain Java) computes one {@code MR × NR} tile of
 * {@code C} at a time, over blocks of {@link #KC} inner indices so that a panel of {@code B}
 * stays in the first-level cache while the rows of {@code A} stream past it.
 *
 * <p>Arithmetic contract, the same for both kernels and any thread count: entry {@code C[i][j]}
 * is {@code α · s} ({@code s} itself when {@code α = 1}) where {@code s} is the fused
 * multiply-add chain {@code s = fma(A[i][r], B[r][j], s)} over {@code r = 0, 1, …, K − 1} from
 * {@code s = 0}. Blocking only stores and reloads the partial {@code s}, which changes no bits;
 * threads split whole row blocks of {@code C}. So the result is bit-identical whichever kernel and
 * however many cores compute it. It is not EJML's summation order (EJML adds unfused products),
 * so it differs from {@code CommonOps_DDRM.mult} in the last bits.
 */
public final class Gemm {

    /** Rows per micro-tile: 2·MR accumulators plus loads fit AVX-512's 32 vector registers. */
    static final int MR = 8;

    /** Columns per panel: two vectors of 8 doubles (AVX-512); the plain kernel uses the same. */
    static final int NR = 16;

    /**
     * Inner indices per block: a {@code KC × NR} panel of {@code B} is 32 KB, the size of a
     * first-level data cache, and an {@code MC × KC} block of {@code A} (192 KB) fits the second level.
     */
    static final int KC = 256;

    /** Rows of {@code C} per unit of work handed to a thread (whole tiles). */
    static final int MC = 12 * MR;

    /**
     * From this many multiply-adds ({@code M·K·N}) a product is split between threads: below
     * about 2·10⁶ flops (a millisecond) handing blocks to the pool costs more than it saves.
     */
    public static final long PARALLEL_MIN_WORK = 1L << 20;

    private static final Kernel KERNEL = loadKernel();

    private Gemm() {
    }

    /** The micro-kernel: one {@code MR × NR} tile over {@code kLen} inner indices. */
    interface Kernel {
        /**
         * Continues the chains in {@code tile} ({@code MR × NR}, row-major; zero to start) with
         * packed {@code A} from {@code ao} ({@code MR} values per inner index) and packed {@code B}
         * from {@code bo} ({@code NR} values per inner index).
         */
        void tile(double[] a, int ao, double[] b, int bo, int kLen, double[] tile);

        /** A short name, for logs and benchmarks. */
        String name();
    }

    /** The kernel in use: "vector512" (or the vector width) or "scalar". */
    public static String kernelName() {
        return KERNEL.name();
    }

    /**
     * {@code c = α·a·b}; {@code c} must not share storage with {@code a} or {@code b}.
     *
     * @param parallel split rows of {@code c} between the cores of the common pool (the result
     *                 does not depend on it)
     */
    public static void multiply(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
        multiply(alpha, a, b, c, parallel, KERNEL);
    }

    /** {@code c = a·b} (see {@link #multiply(double, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, boolean)}). */
    public static void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
        multiply(1.0, a, b, c, parallel, KERNEL);
    }

    /**
     * A left factor packed once for many products (e.g. {@code P} times each test prompt's
     * {@code d × m} factor): immutable, safe to share between threads.
     */
    public static final class Left {
        private final double[] pack;
        private final int rows;
        private final int inner;

        private Left(double[] pack, int rows, int inner) {
            this.pack = pack;
            this.rows = rows;
            this.inner = inner;
        }

        /** {@code c = this·b} (the same bits as {@link Gemm#multiply} on the unpacked matrix). */
        public void times(DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
            multiplyPacked(1.0, this, b, c, parallel, KERNEL);
        }
    }

    /** {@code a} packed into row tiles for {@link Left#times}. */
    public static Left left(DMatrixRMaj a) {
        return new Left(packTiles(a), a.numRows, a.numCols);
    }

    /** With the plain-Java kernel whatever the JVM offers (for tests and comparisons). */
    static void multiplyScalar(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
        multiply(alpha, a, b, c, parallel, new ScalarKernel());
    }

    private static void multiply(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel,
                                 Kernel kernel) {
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException("the product cannot overwrite a factor");
        }
        checkShapes(a.numRows, a.numCols, b, c);
        double[] pack = Scratch.lease(Scratch.Slot.LEFT_PACK, packedLength(a.numRows, a.numCols));
        try {
            packTiles(a, pack);
            multiplyPacked(alpha, new Left(pack, a.numRows, a.numCols), b, c, parallel, kernel);
        } finally {
            Scratch.release(Scratch.Slot.LEFT_PACK, pack);
        }
    }

    private static void checkShapes(int m, int k, DMatrixRMaj b, DMatrixRMaj c) {
        int n = b.numCols;
        if (b.numRows != k || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("product of " + m + "x" + k + " and " + b.numRows + "x" + n
                    + " into " + c.numRows + "x" + c.numCols);
        }
    }

    private static void multiplyPacked(double alpha, Left a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel,
                                       Kernel kernel) {
        checkShapes(a.rows, a.inner, b, c);
        if (c.data == b.data) {
            throw new IllegalArgumentException("the product cannot overwrite a factor");
        }
        int m = a.rows;
        int k = a.inner;
        int n = b.numCols;
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c.data, 0, m * n, 0.0);
            return;
        }
        int panels = (n + NR - 1) / NR;
        double[] bPack = Scratch.lease(Scratch.Slot.RIGHT_PACK, panels * k * NR);
        try {
            packPanels(b, k, n, bPack);
            int blocks = (m + MC - 1) / MC;
            IntStream range = IntStream.range(0, blocks);
            if (parallel && (long) m * k * n >= PARALLEL_MIN_WORK) {
                range = range.parallel();
            }
            range.forEach(blk -> rowBlock(alpha, a.pack, k, bPack, c, blk * MC, Math.min(m, (blk + 1) * MC), kernel));
        } finally {
            Scratch.release(Scratch.Slot.RIGHT_PACK, bPack);
        }
    }

    /** Length of {@code A} ({@code m × k}) packed into tiles of {@link #MR} rows. */
    private static int packedLength(int m, int k) {
        return (m + MR - 1) / MR * k * MR;
    }

    /**
     * A right factor packed row block by row block as its rows become known, for products with its
     * first rows (a triangular solve multiplies each new block of {@code L} by all the rows solved
     * so far: packing them afresh for every block copied {@code d²n/256} entries per solve). Not
     * thread-safe; the products may run on all cores.
     */
    static final class RightRows implements AutoCloseable {
        private final double[] pack;
        private final int capacity;
        private final int n;
        private int rows;

        /** Room for {@code capacity} rows of {@code n} columns, in this thread's reused packing array until {@link #close}. */
        RightRows(int capacity, int n) {
            this.capacity = capacity;
            this.n = n;
            this.pack = Scratch.lease(Scratch.Slot.RIGHT_PACK, (n + NR - 1) / NR * capacity * NR);
        }

        /** Returns the packing array (call on the thread that made this). */
        @Override
        public void close() {
            Scratch.release(Scratch.Slot.RIGHT_PACK, pack);
        }

        /** Packs rows {@code [from, to)} of {@code b} ({@code n} columns), which must follow the rows packed so far. */
        void append(DMatrixRMaj b, int from, int to) {
            if (from != rows || to > capacity || b.numCols != n) {
                throw new IllegalArgumentException("rows " + from + ".." + to + " of " + b.numRows + "x" + b.numCols
                        + " after " + rows + " packed rows of " + n + " columns, room for " + capacity);
            }
            int panels = (n + NR - 1) / NR;
            for (int r = from; r < to; r++) {
                int row = r * n;
                for (int p = 0; p < panels; p++) {
                    int j0 = p * NR;
                    int cols = Math.min(NR, n - j0);
                    int dst = (p * capacity + r) * NR;
                    System.arraycopy(b.data, row + j0, pack, dst, cols);
                    if (cols < NR) {
                        java.util.Arrays.fill(pack, dst + cols, dst + NR, 0.0);
                    }
                }
            }
            rows = to;
        }

        /**
         * {@code c = a·B[0:k)} for the first {@code k = a.numCols} packed rows: the same bits as
         * {@link Gemm#multiply(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, boolean)} with those rows.
         */
        void multiplyFirstRows(DMatrixRMaj a, DMatrixRMaj c, boolean parallel) {
            int m = a.numRows;
            int k = a.numCols;
            if (k > rows || c.numRows != m || c.numCols != n) {
                throw new IllegalArgumentException("product of " + m + "x" + k + " and the first " + k + " of " + rows
                        + " packed rows into " + c.numRows + "x" + c.numCols);
            }
            if (m == 0 || n == 0 || k == 0) {
                java.util.Arrays.fill(c.data, 0, m * n, 0.0);
                return;
            }
            double[] aPack = Scratch.lease(Scratch.Slot.LEFT_PACK, packedLength(m, k));
            try {
                packTiles(a, aPack);
                int blocks = (m + MC - 1) / MC;
                IntStream range = IntStream.range(0, blocks);
                if (parallel && (long) m * k * n >= PARALLEL_MIN_WORK) {
                    range = range.parallel();
                }
                range.forEach(blk -> rowBlock(1.0, aPack, k, pack, capacity, c, blk * MC,
                        Math.min(m, (blk + 1) * MC), KERNEL));
            } finally {
                Scratch.release(Scratch.Slot.LEFT_PACK, aPack);
            }
        }
    }

    /** {@code A} as tiles of {@code MR} rows, each {@code K × MR} (inner index major), zero past the last row. */
    private static double[] packTiles(DMatrixRMaj a) {
        return packTiles(a, new double[packedLength(a.numRows, a.numCols)]);
    }

    /** {@link #packTiles(DMatrixRMaj)} into {@code out} (any contents, at least the packed length). */
    private static double[] packTiles(DMatrixRMaj a, double[] out) {
        int m = a.numRows;
        int k = a.numCols;
        int tiles = (m + MR - 1) / MR;
        // The rows past m in the last tile: the kernel reads them (their products land outside C).
        for (int i = m; i < tiles * MR; i++) {
            int base = (i / MR) * k * MR + i % MR;
            for (int r = 0; r < k; r++) {
                out[base + r * MR] = 0.0;
            }
        }
        for (int i = 0; i < m; i++) {
            int row = i * k;
            int base = (i / MR) * k * MR + i % MR;
            for (int r = 0; r < k; r++) {
                out[base + r * MR] = a.data[row + r];
            }
        }
        return out;
    }

    /** {@code B} as panels of {@code NR} columns, each {@code K × NR} row-major, zero past {@code n}. */
    private static double[] packPanels(DMatrixRMaj b, int k, int n, double[] out) {
        int panels = (n + NR - 1) / NR;
        double[] src = b.data;
        for (int r = 0; r < k; r++) {
            int row = r * n;
            for (int p = 0; p < panels; p++) {
                int j0 = p * NR;
                int cols = Math.min(NR, n - j0);
                int dst = (p * k + r) * NR;
                System.arraycopy(src, row + j0, out, dst, cols);
                if (cols < NR) {
                    java.util.Arrays.fill(out, dst + cols, dst + NR, 0.0);
                }
            }
        }
        return out;
    }

    /** Rows {@code [i0, i1)} of {@code c} ({@code i0} a multiple of MR): every panel, block by block of K. */
    private static void rowBlock(double alpha, double[] aPack, int k, double[] bPack, DMatrixRMaj c, int i0, int i1,
                                 Kernel kernel) {
        rowBlock(alpha, aPack, k, bPack, k, c, i0, i1, kernel);
    }

    /** As above, with {@code B}'s panels {@code bRows ≥ k} rows apart in {@code bPack}. */
    private static void rowBlock(double alpha, double[] aPack, int k, double[] bPack, int bRows, DMatrixRMaj c,
                                 int i0, int i1, Kernel kernel) {
        int n = c.numCols;
        int tiles = (i1 - i0 + MR - 1) / MR;
        int t0 = i0 / MR;
        int panels = (n + NR - 1) / NR;
        double[] tile = new double[MR * NR];
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kLen = Math.min(KC, k - k0);
            for (int p = 0; p < panels; p++) {
                int bo = (p * bRows + k0) * NR;
                for (int t = 0; t < tiles; t++) {
                    int r0 = i0 + t * MR;
                    load(c, r0, i1, p * NR, tile, k0 == 0);
                    kernel.tile(aPack, ((t0 + t) * k + k0) * MR, bPack, bo, kLen, tile);
                    store(c, r0, i1, p * NR, tile, k0 + kLen == k ? alpha : 1.0);
                }
            }
        }
    }

    /** The partial sums of a tile from {@code c} (zeros on the first block and outside {@code c}). */
    private static void load(DMatrixRMaj c, int r0, int rEnd, int j0, double[] tile, boolean first) {
        java.util.Arrays.fill(tile, 0.0);
        if (first) {
            return;
        }
        int n = c.numCols;
        int cols = Math.min(NR, n - j0);
        for (int rr = 0; rr < MR && r0 + rr < rEnd; rr++) {
            System.arraycopy(c.data, (r0 + rr) * n + j0, tile, rr * NR, cols);
        }
    }

    /** Writes a tile's entries inside {@code c}, times {@code scale} (1 until the last block). */
    private static void store(DMatrixRMaj c, int r0, int rEnd, int j0, double[] tile, double scale) {
        int n = c.numCols;
        int cols = Math.min(NR, n - j0);
        for (int rr = 0; rr < MR && r0 + rr < rEnd; rr++) {
            int dst = (r0 + rr) * n + j0;
            if (scale == 1.0) {
                System.arraycopy(tile, rr * NR, c.data, dst, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c.data[dst + j] = scale * tile[rr * NR + j];
                }
            }
        }
    }

    private static Kernel loadKernel() {
        return RankKUpdate.vectorOr("org.taskmix.linalg.VectorGemmKernel", Kernel.class, ScalarKernel::new);
    }

    /** The plain-Java micro-kernel: the same fma chains, in the same order per entry. */
    static final class ScalarKernel implements Kernel {
        @Override
        public void tile(double[] a, int ao, double[] b, int bo, int kLen, double[] tile) {
            for (int r = 0; r < kLen; r++) {
                int ar = ao + r * MR;
                int br = bo + r * NR;
                for (int i = 0; i < MR; i++) {
                    double ai = a[ar + i];
                    int ti = i * NR;
                    for (int j = 0; j < NR; j++) {
                        tile[ti + j] = Math.fma(ai, b[br + j], tile[ti + j]);
                    }
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
