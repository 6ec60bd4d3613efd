package org.taskmix.linalg;

/**
 * The walks over a square matrix that {@link SymmetricMatrix} needs. Over it and its transpose
 * (symmetrising, mirroring, checking) in tiles: row by row, reading {@code a_ji} beside
 * {@code a_ij} touches one cache line (at d = 4096 one page) per entry; in
 * {@link SymmetricMatrix#TILE} × TILE tiles each pair is still computed once from its two stored
 * entries, so the bits do not depend on it. Over its rows in order, in blocks (streaming, sums):
 * each sum runs in entry order whatever the blocks, so the bits do not depend on them either.
 */
final class SymmetricTiles {

    private static final int TILE = SymmetricMatrix.TILE;

    /**
     * Doubles per block of a streamed pass ({@link #streamed}): 512 KB, a few rows at d = 4096,
     * small enough to stay out of G1's humongous regions and to be reused from the cache.
     */
    private static final int STREAM_BLOCK = 1 << 16;

    private SymmetricTiles() {
    }

    /**
     * Passes the rows of {@code source}'s {@code n × n} entries, as stored, to {@code visitor} in
     * blocks of a few rows through one small buffer; false, before any call, if the source reads
     * only whole matrices.
     */
    static boolean streamed(SymmetricMatrix.Source source, int n, SymmetricMatrix.RowBlock visitor) {
        int rows = Math.max(1, Math.min(n, STREAM_BLOCK / n));
        double[] block = new double[rows * n];
        for (int from = 0; from < n; from += rows) {
            int to = Math.min(n, from + rows);
            if (!source.readRows(from, to - from, block)) {
                if (from == 0) {
                    return false;
                }
                throw new IllegalStateException("source stopped reading row ranges at row " + from);
            }
            visitor.rows(block, from, to);
        }
        return true;
    }

    /**
     * {@code t} plus the diagonal of rows {@code [from, to)} of a row block
     * ({@link SymmetricMatrix.RowBlock}), added in row order: {@link SymmetricMatrix#trace()}.
     */
    static double trace(double[] block, int n, int from, int to, double t) {
        for (int i = from; i < to; i++) {
            t += block[(i - from) * n + i];
        }
        return t;
    }

    /** {@code t[off + k] += alpha·block[k]} for {@code k < len}: {@link SymmetricMatrix#addScaledTo}, one block. */
    static void addScaled(double alpha, double[] block, double[] t, int off, int len) {
        for (int k = 0; k < len; k++) {
            t[off + k] += alpha * block[k];
        }
    }

    /** {@code s + Σ a[k]·b[off + k]} over {@code k < len}, added in index order: {@link SymmetricMatrix#dot}. */
    static double dot(double[] a, double[] b, int off, int len, double s) {
        for (int k = 0; k < len; k++) {
            s += a[k] * b[off + k];
        }
        return s;
    }

    /** {@link #checkStored}: a test of {@link MatrixCheck#check} fails. */
    static final int DEFECT = -1;
    /** {@link #checkStored}: the entries pass, and symmetrising them changes some bit. */
    static final int SYMMETRISABLE = 0;
    /** {@link #checkStored}: the entries pass, and symmetrising them changes no bit. */
    static final int EXACT = 1;

    /**
     * The verdict on the row-major {@code n × n} entries {@code v}, in one tiled pass that gathers
     * what {@link MatrixCheck#check} tests (every entry finite, every pair within
     * {@link SymmetricMatrix#SYMMETRY_TOLERANCE} of the largest entry): {@link #DEFECT} if a test
     * fails, else {@link #EXACT} if {@link #symmetrise symmetrising} would change no bit, else
     * {@link #SYMMETRISABLE}. Held and file-backed matrices are checked by it alike
     * ({@link MatrixCheck#checkInPlace}), straight from the array they will keep.
     */
    static int checkStored(double[] v, int n) {
        boolean finite = true;
        boolean exact = true;
        double max = 0;
        double maxDiff = 0;
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    if (j0 == i0) {
                        double a = v[i * n + i];
                        finite &= Double.isFinite(a);
                        max = Math.max(max, Math.abs(a));
                        exact &= Double.doubleToRawLongBits(0.5 * (a + a)) == Double.doubleToRawLongBits(a);
                    }
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        double a = v[i * n + j];
                        double b = v[j * n + i];
                        finite &= Double.isFinite(a) && Double.isFinite(b);
                        max = Math.max(max, Math.max(Math.abs(a), Math.abs(b)));
                        maxDiff = Math.max(maxDiff, Math.abs(a - b));
                        double s = 0.5 * (a + b);
                        exact &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(a)
                                && Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(b);
                    }
                }
            }
        }
        double tol = SymmetricMatrix.SYMMETRY_TOLERANCE * Math.max(max, Double.MIN_NORMAL);
        if (!finite || !(maxDiff <= tol)) {
            return DEFECT;
        }
        return exact ? EXACT : SYMMETRISABLE;
    }

    /**
     * Copies the upper triangle of the row-major {@code n × n} array {@code v} onto its lower one, in
     * tiles, and returns true if every entry is at most {@code Double.MAX_VALUE / 2} in size (then
     * symmetrising changes no bit).
     *
     * @throws IllegalArgumentException naming the first non-finite entry of a tile walk
     */
    static boolean mirrorUpper(double[] v, int n) {
        boolean halfRange = true;
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = Math.max(j0, i); j < j1; j++) {
                        double a = v[i * n + j];
                        if (!Double.isFinite(a)) {
                            throw new IllegalArgumentException("[" + i + "][" + j + "]: value " + a + " is not finite");
                        }
                        halfRange &= Math.abs(a) <= Double.MAX_VALUE / 2;
                        v[j * n + i] = a;
                    }
                }
            }
        }
        return halfRange;
    }

    /**
     * {@code v ← (v + vᵀ)/2} in place (row-major {@code n × n}): the one symmetrisation rule for
     * held and file-backed matrices, so both give the same bits. Returns true if no entry changed
     * a bit (every pair was already equal, and no {@code a + a} overflowed).
     */
    static boolean symmetrise(double[] v, int n) {
        boolean exact = true;
        // In tiles of TILE × TILE: the column walk of a row-by-row loop touches one cache line (and
        // at d = 4096 one page) per entry, which made this a third of a d = 4096 solve. Each pair
        // (i, j) is still computed once from its two stored entries, so the bits do not change.
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    if (j0 == i0) {
                        double a = v[i * n + i];
                        double s = 0.5 * (a + a);
                        exact &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(a);
                        v[i * n + i] = s;
                    }
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        double a = v[i * n + j];
                        double b = v[j * n + i];
                        double s = 0.5 * (a + b);
                        // Bit equality: +0 and −0 compare equal but symmetrise to +0.
                        exact &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(a)
                                && Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(b);
                        v[i * n + j] = s;
                        v[j * n + i] = s;
                    }
                }
            }
        }
        return exact;
    }
}
