package org.taskmix.linalg;

/**
 * The first structural defect of a would-be symmetric matrix: where it is ({@code [2][5]}) and
 * what rule it breaks. Shared by {@link SymmetricMatrix#of(double[][])} and by the problem-file
 * reader, which prefixes the field path so the user sees {@code tasks[3].covariance[2][5]}.
 *
 * @param path    index path inside the matrix, e.g. {@code [2][5]}, or empty for the whole matrix
 * @param message the value found and the rule it breaks
 */
public record MatrixCheck(String path, String message) {

    /** Returns the first defect of {@code rows}, or {@code null} if it is a finite symmetric matrix. */
    public static MatrixCheck check(double[][] rows) {
        if (rows == null || rows.length == 0) {
            return new MatrixCheck("", "matrix is empty; expected d rows of d numbers");
        }
        int n = rows.length;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != n) {
                int len = rows[i] == null ? 0 : rows[i].length;
                return new MatrixCheck("[" + i + "]", "row has " + len + " entries but the matrix has " + n
                        + " rows; a covariance must be square (d rows of d numbers)");
            }
            for (int j = 0; j < n; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    return new MatrixCheck("[" + i + "][" + j + "]", "value " + v + " is not finite");
                }
                max = Math.max(max, Math.abs(v));
            }
        }
        double tol = SymmetricMatrix.SYMMETRY_TOLERANCE * Math.max(max, Double.MIN_NORMAL);
        if (symmetricByTiles(rows, tol)) {
            return null;
        }
        // Some pair is off: the row-by-row walk names the first one, as it always has.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(rows[i][j] - rows[j][i]) > tol) {
                    return new MatrixCheck("[" + i + "][" + j + "]", "value " + rows[i][j] + " differs from ["
                            + j + "][" + i + "] = " + rows[j][i] + " by more than " + SymmetricMatrix.SYMMETRY_TOLERANCE
                            + " relative to the largest entry; a covariance must be symmetric");
                }
            }
        }
        return null;
    }

    /**
     * Stored entries that passed {@link #checkInPlace}, now symmetrised: what
     * {@link SymmetricMatrix#external(Checked, SymmetricMatrix.Source, double[], double[])} needs to
     * know of them in place of a loaded matrix, and the sums a matrix of them would form, to the
     * bit (valid while the checked array is left as it is).
     */
    public static final class Checked {
        final int n;
        final boolean exact;
        private final double[] v;

        private Checked(int n, boolean exact, double[] v) {
            this.n = n;
            this.exact = exact;
            this.v = v;
        }

        /** The checked, symmetrised row-major entries (for a held matrix to take over). */
        double[] entries() {
            return v;
        }

        /** Entry {@code (i, j)}, as {@link SymmetricMatrix#get} of the matrix would return it. */
        public double get(int i, int j) {
            return v[i * n + j];
        }

        /** {@link SymmetricMatrix#trace()} of the matrix. */
        public double trace() {
            return SymmetricTiles.trace(v, n, 0, n, 0);
        }

        /** {@code m.dot(m)} of the matrix {@code m}. */
        public double sumOfSquares() {
            return SymmetricTiles.dot(v, v, 0, v.length, 0);
        }
    }

    /**
     * {@link #checkInPlace} of a copy of {@code rows}: null if they are not {@code n ≥ 1} rows of
     * {@code n} entries or have a defect ({@link #check} names it). {@link SymmetricMatrix#of(double[][])}'s
     * one check, so held and file-backed matrices pass the same tiled walk.
     */
    static Checked checkRows(double[][] rows) {
        if (rows == null || rows.length == 0) {
            return null;
        }
        int n = rows.length;
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != n) {
                return null;
            }
            System.arraycopy(rows[i], 0, v, i * n, n);
        }
        return checkInPlace(v, n);
    }

    /**
     * Checks the stored row-major {@code n × n} entries {@code v} by the rules of {@link #check}
     * and symmetrises them in place by the one rule of {@link SymmetricTiles#symmetrise} (what
     * {@link SymmetricMatrix#of(double[][])} stores), without a copy (at d = 4096, 134 MB per matrix).
     * Null, with {@code v} unchanged, if there is a defect: {@link #check} of the rows names it.
     */
    public static Checked checkInPlace(double[] v, int n) {
        if (n < 1 || v.length != n * n) {
            throw new IllegalArgumentException(v.length + " entries for a " + n + "x" + n + " matrix");
        }
        int verdict = SymmetricTiles.checkStored(v, n);
        if (verdict == SymmetricTiles.DEFECT) {
            return null;
        }
        if (verdict == SymmetricTiles.SYMMETRISABLE) {
            SymmetricTiles.symmetrise(v, n);
        }
        return new Checked(n, verdict == SymmetricTiles.EXACT, v);
    }

    /**
     * True if every pair is within {@code tol}, walked in tiles (the row-by-row walk reads the
     * transpose one cache line per entry: a tenth of a d = 4096 solve).
     */
    private static boolean symmetricByTiles(double[][] rows, double tol) {
        int n = rows.length;
        int tile = SymmetricMatrix.TILE;
        for (int i0 = 0; i0 < n; i0 += tile) {
            for (int j0 = i0; j0 < n; j0 += tile) {
                for (int i = i0; i < Math.min(n, i0 + tile); i++) {
                    double[] ri = rows[i];
                    for (int j = Math.max(j0, i + 1); j < Math.min(n, j0 + tile); j++) {
                        if (Math.abs(ri[j] - rows[j][i]) > tol) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
