package org.taskmix.linalg;

import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code C = A·B} with single-precision blocks and double-precision sums, for products whose
 * result feeds a Monte Carlo estimate (docs/theory.md §8.2, "Monte Carlo products in single
 * precision"): the test prompts' {@code U = P·X} at d ≥ 1024, where the sampling interval is
 * about 10⁻³ relative and the rounding here about 3·10⁻⁷ (Frobenius, measured at d = 4096).
 * Single precision doubles the width of a
 * vector, so the product runs at about twice {@link Gemm}'s speed and streams half the bytes of
 * {@code A}.
 *
 * <p>Arithmetic contract, the same for both kernels and any thread count: {@code A} and {@code B}
 * are first scaled by powers of two, {@code 2^−e_A} and {@code 2^−e_B} with {@code e} the binary
 * exponent of the largest entry, so that float's range (10⁻³⁸ to 10³⁸) holds them whatever the
 * scale of the covariances (the reader accepts any scale from 10⁻¹⁰⁰ to 10¹⁰⁰); then rounded to
 * {@code float}. Entry {@code C[i][j]} is {@code 2^(e_A + e_B)} times the double sum, in block
 * order, of the float fused multiply-add chains {@code s = fma(a_ir, b_rj, s)} over each block of
 * {@link #KC} inner indices {@code r} (from {@code s = 0}, {@code r} ascending), each chain widened
 * to double before it is added. Scaling by a power of two is exact, so inside float's range the
 * result is the unscaled one's. The result does not depend on the kernel or the number of cores.
 *
 * <p>Layout as {@link Gemm}: {@code A} in tiles of {@link #MR} rows, {@code B} in panels of
 * {@link #NR} columns, one {@code MR × NR} tile of {@code C} at a time.
 */
public final class Gemm32 {

    /** Rows per micro-tile, as {@link Gemm}. */
    static final int MR = 8;

    /** Columns per panel: two vectors of 16 floats (AVX-512); the plain kernel uses the same. */
    static final int NR = 32;

    /**
     * Inner indices per block, summed in float before they are widened: a {@code KC × NR} panel
     * of {@code B} is 32 KB (first-level cache) and a chain of 256 float terms has a relative
     * rounding of at most about {@code 256 · 2⁻²⁴ ≈ 1.5·10⁻⁵} (typically {@code 16 · 2⁻²⁴}).
     */
    static final int KC = 256;

    /** Rows of {@code C} per unit of work handed to a thread (whole tiles). */
    static final int MC = 12 * MR;

    private static final Kernel KERNEL = loadKernel();

    private Gemm32() {
    }

    /** The micro-kernel: one {@code MR × NR} float tile over {@code kLen} inner indices. */
    interface Kernel {
        /**
         * Continues the float chains in {@code tile} ({@code MR × NR}, row-major; zero to start)
         * with packed {@code A} from {@code ao} ({@code MR} values per inner index) and packed
         * {@code B} from {@code bo} ({@code NR} values per inner index).
         */
        void tile(float[] a, int ao, float[] b, int bo, int kLen, float[] tile);

        /** A short name, for logs and benchmarks. */
        String name();
    }

    /** The kernel in use: "vector512" or "scalar". */
    public static String kernelName() {
        return KERNEL.name();
    }

    /**
     * A left factor rounded to {@code float} and packed once for many products: immutable, safe
     * to share between threads.
     */
    public static final class Left {
        private final float[] pack;
        private final int rows;
        private final int inner;
        private final int exponent;

        private Left(float[] pack, int rows, int inner, int exponent) {
            this.pack = pack;
            this.rows = rows;
            this.inner = inner;
            this.exponent = exponent;
        }

        /**
         * {@code c = this·b} by the contract above; {@code c} must not share storage with
         * {@code b}.
         *
         * @param parallel split rows of {@code c} between the cores of the common pool (the result
         *                 does not depend on it)
         */
        public void times(DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
            multiply(this, b, c, parallel, KERNEL);
        }
    }

    /** {@code a} rounded to float and packed into row tiles for {@link Left#times}. */
    public static Left left(DMatrixRMaj a) {
        int m = a.numRows;
        int k = a.numCols;
        int e = exponent(a.data, m * k);
        int tiles = (m + MR - 1) / MR;
        float[] out = new float[tiles * k * MR];
        for (int i = 0; i < m; i++) {
            int row = i * k;
            int base = (i / MR) * k * MR + i % MR;
            for (int r = 0; r < k; r++) {
                out[base + r * MR] = (float) Math.scalb(a.data[row + r], -e);
            }
        }
        return new Left(out, m, k, e);
    }

    /**
     * The binary exponent of the largest finite {@code |v_i|} among the first {@code len}
     * (0 if there is none): dividing by {@code 2^e} brings the largest entry into [1, 2).
     */
    private static int exponent(double[] v, int len) {
        double max = 0;
        for (int i = 0; i < len; i++) {
            double x = Math.abs(v[i]);
            if (x > max && x != Double.POSITIVE_INFINITY) {
                max = x;
            }
        }
        return max == 0 ? 0 : Math.getExponent(max);
    }

    /** With the plain-Java kernel whatever the JVM offers (for tests and comparisons). */
    static void multiplyScalar(Left a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel) {
        multiply(a, b, c, parallel, new ScalarKernel());
    }

    private static void multiply(Left a, DMatrixRMaj b, DMatrixRMaj c, boolean parallel, Kernel kernel) {
        int m = a.rows;
        int k = a.inner;
        int n = b.numCols;
        if (b.numRows != k || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("product of " + m + "x" + k + " and " + b.numRows + "x" + n
                    + " into " + c.numRows + "x" + c.numCols);
        }
        if (c.data == b.data) {
            throw new IllegalArgumentException("the product cannot overwrite a factor");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c.data, 0, m * n, 0.0);
            return;
        }
        int eb = exponent(b.data, k * n);
        float[] bPack = packPanels(b, k, n, eb);
        // Exact unless C's entries leave double's range, where the double product would too.
        double scale = Math.scalb(1.0, a.exponent + eb);
        int blocks = (m + MC - 1) / MC;
        IntStream range = IntStream.range(0, blocks);
        if (parallel && (long) m * k * n >= Gemm.PARALLEL_MIN_WORK) {
            range = range.parallel();
        }
        range.forEach(blk -> rowBlock(a.pack, k, bPack, c, blk * MC, Math.min(m, (blk + 1) * MC), scale, kernel));
    }

    /** {@code B} rounded to float, as panels of {@code NR} columns, each {@code K × NR} row-major, zero past {@code n}. */
    private static float[] packPanels(DMatrixRMaj b, int k, int n, int e) {
        int panels = (n + NR - 1) / NR;
        float[] out = new float[panels * k * NR];
        double[] src = b.data;
        for (int r = 0; r < k; r++) {
            int row = r * n;
            for (int p = 0; p < panels; p++) {
                int j0 = p * NR;
                int cols = Math.min(NR, n - j0);
                int dst = (p * k + r) * NR;
                for (int j = 0; j < cols; j++) {
                    out[dst + j] = (float) Math.scalb(src[row + j0 + j], -e);
                }
            }
        }
        return out;
    }

    /** Rows {@code [i0, i1)} of {@code c} ({@code i0} a multiple of MR): every panel, block by block of K. */
    private static void rowBlock(float[] aPack, int k, float[] bPack, DMatrixRMaj c, int i0, int i1, double scale,
                                 Kernel kernel) {
        int n = c.numCols;
        int tiles = (i1 - i0 + MR - 1) / MR;
        int t0 = i0 / MR;
        int panels = (n + NR - 1) / NR;
        float[] tile = new float[MR * NR];
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kLen = Math.min(KC, k - k0);
            for (int p = 0; p < panels; p++) {
                int bo = (p * k + k0) * NR;
                for (int t = 0; t < tiles; t++) {
                    int r0 = i0 + t * MR;
                    java.util.Arrays.fill(tile, 0f);
                    kernel.tile(aPack, ((t0 + t) * k + k0) * MR, bPack, bo, kLen, tile);
                    add(c, r0, i1, p * NR, tile, k0 == 0, scale);
                }
            }
        }
    }

    /** Widens a tile's entries inside {@code c}, times {@code scale}, and stores ({@code first} block) or adds them. */
    private static void add(DMatrixRMaj c, int r0, int rEnd, int j0, float[] tile, boolean first, double scale) {
        int n = c.numCols;
        int cols = Math.min(NR, n - j0);
        double[] cd = c.data;
        for (int rr = 0; rr < MR && r0 + rr < rEnd; rr++) {
            int dst = (r0 + rr) * n + j0;
            int src = rr * NR;
            if (first) {
                for (int j = 0; j < cols; j++) {
                    cd[dst + j] = scale * tile[src + j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    cd[dst + j] += scale * tile[src + j];
                }
            }
        }
    }

    private static Kernel loadKernel() {
        return RankKUpdate.vectorOr("org.taskmix.linalg.VectorGemmKernel32", Kernel.class, ScalarKernel::new);
    }

    /** The plain-Java micro-kernel: the same float fma chains, in the same order per entry. */
    static final class ScalarKernel implements Kernel {
        @Override
        public void tile(float[] a, int ao, float[] b, int bo, int kLen, float[] tile) {
            for (int r = 0; r < kLen; r++) {
                int ar = ao + r * MR;
                int br = bo + r * NR;
                for (int i = 0; i < MR; i++) {
                    float ai = a[ar + i];
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
