package org.taskmix.linalg;

/**
 * The tiled walks over a square matrix and its transpose that {@link SymmetricMatrix} needs
 * (symmetrising, mirroring, checking). Row by row, reading {@code a_ji} beside {@code a_ij} touches
 * one cache line (at d = 4096 one page) per entry; in {@link SymmetricMatrix#TILE} × TILE tiles
 * each pair is still computed once from its two stored entries, so the bits do not depend on it.
 */
final class SymmetricTiles {

    private static final int TILE = SymmetricMatrix.TILE;

    private SymmetricTiles() {
    }

    /**
     * {@code (A + Aᵀ)/2} of square {@code rows} in one tiled pass that also gathers what
     * {@link MatrixCheck#check} tests (every entry finite, every pair within
     * {@link SymmetricMatrix#SYMMETRY_TOLERANCE} of the largest entry), or null if a test fails;
     * {@code exactOut[0]} tells whether no entry changed a bit. The same bits as checking, copying
     * and then {@link #symmetrise symmetrising}, which were four passes over the matrix (at
     * d = 4096, 134 MB each, a third of {@code inspect}).
     */
    static double[] checkedSymmetrised(double[][] rows, boolean[] exactOut) {
        int n = rows.length;
        double[] v = new double[n * n];
        boolean finite = true;
        boolean exact = true;
        double max = 0;
        double maxDiff = 0;
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    double[] ri = rows[i];
                    if (j0 == i0) {
                        double a = ri[i];
                        double s = 0.5 * (a + a);
                        finite &= Double.isFinite(a);
                        max = Math.max(max, Math.abs(a));
                        exact &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(a);
                        v[i * n + i] = s;
                    }
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        double a = ri[j];
                        double b = rows[j][i];
                        finite &= Double.isFinite(a) && Double.isFinite(b);
                        max = Math.max(max, Math.max(Math.abs(a), Math.abs(b)));
                        maxDiff = Math.max(maxDiff, Math.abs(a - b));
                        double s = 0.5 * (a + b);
                        exact &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(a)
                                && Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(b);
                        v[i * n + j] = s;
                        v[j * n + i] = s;
                    }
                }
            }
        }
        // MatrixCheck's rule, on the same entries: a pair fails when |a − b| > tol.
        double tol = SymmetricMatrix.SYMMETRY_TOLERANCE * Math.max(max, Double.MIN_NORMAL);
        if (!finite || !(maxDiff <= tol)) {
            return null;
        }
        exactOut[0] = exact;
        return v;
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
