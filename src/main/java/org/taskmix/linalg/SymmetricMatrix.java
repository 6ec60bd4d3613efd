package org.taskmix.linalg;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

/**
 * An immutable real symmetric matrix, the value type for every covariance in taskmix.
 *
 * <p>Entries are stored once, row-major; the eigendecomposition is computed on first use and
 * cached because diagnostics, selection and theory all need it. Construction checks shape and
 * symmetry and then stores the exact symmetrisation {@code (A + Aᵀ)/2}, so every later
 * computation sees a matrix that is symmetric to the last bit.
 *
 * <p>A matrix may also live outside the heap ({@link #external}): a compact catalog's sidecar
 * holds the entries and they are read again, and symmetrised the same way, whenever they are
 * needed, so a catalog of 10⁶ tasks does not hold 10⁶ arrays (docs/theory.md §8). The last
 * matrix read is kept per thread, so loops of {@link #get} over one matrix read it once; sums
 * over one ({@link #forEachRowBlock}) and {@link #toEjml} keep nothing.
 */
public final class SymmetricMatrix {

    /** Where the entries of an {@link #external} matrix are read from. Must be thread-safe. */
    public interface Source {
        /** Writes the {@code d × d} entries as stored (not yet symmetrised), row-major, into {@code dst}. */
        void read(double[] dst);

        /** Writes rows {@code [from, from + count)} as stored into {@code dst[0, count·d)}; false if it reads only whole matrices. */
        default boolean readRows(int from, int count, double[] dst) {
            return false;
        }
    }

    /**
     * Receives the symmetrised entries of rows {@code [from, to)}, entry {@code (i, j)} at
     * {@code block[(i − from)·d + j]}; {@code block} is only lent for the call.
     */
    @FunctionalInterface
    public interface RowBlock {
        /** One block of whole rows; blocks come in row order and cover every row once. */
        void rows(double[] block, int from, int to);
    }

    /**
     * Relative asymmetry accepted on input: {@code |a_ij − a_ji| ≤ SYMMETRY_TOLERANCE · max|a|}.
     * Matrices written from float32 data or computed as {@code XᵀX} in another order differ from
     * their transpose by a few ulps of the largest entry; 1e-9 admits that and rejects real typos.
     */
    public static final double SYMMETRY_TOLERANCE = 1e-9;

    // The last external matrix each thread read, with its symmetrised entries (read-only).
    private static final ThreadLocal<Object[]> LAST_READ = ThreadLocal.withInitial(() -> new Object[2]);

    private final int n;
    private final double[] data; // null for an external matrix
    private final Source source; // null unless external
    private volatile SymmetricEigen eigen;
    private volatile double[] eigenvalues;
    private volatile double[] extremes; // {λ_min, λ_max} by LanczosExtremes, or the spectrum's ends
    private final boolean spectrumGiven; // eigenvalues supplied with an external matrix
    private volatile boolean extremesFromSpectrum; // written before extremes
    // True if the entries this matrix was built from were already exactly symmetric, so that
    // symmetrising them changed no bit; an external matrix of such entries skips it on re-read.
    private boolean storedSymmetric;

    /**
     * From this dimension on, {@link #extremeEigenvalues()} comes from {@link LanczosExtremes}
     * (a Cholesky factor and two Lanczos runs, ≈1 s at d = 4096) instead of the full values-only
     * eigendecomposition (≈40 s at d = 4096, 0.25 s at d = 768). Below it, and for a matrix whose
     * spectrum was supplied, nothing changes: the ends of {@link #eigenvalues()}, so every result
     * of the small problems is bit-identical to before (docs/theory.md §8, "d = 4096").
     */
    public static final int EXTREMES_MIN_DIMENSION = 1024;

    private SymmetricMatrix(int n, double[] data) {
        this.n = n;
        this.data = data;
        this.source = null;
        this.spectrumGiven = false;
    }

    private SymmetricMatrix(int n, Source source, double[] eigenvalues) {
        this.n = n;
        this.data = null;
        this.source = source;
        this.eigenvalues = eigenvalues;
        this.spectrumGiven = eigenvalues != null;
    }

    /**
     * A matrix whose entries stay in {@code source} and are read on each use, equal in every
     * result to {@code loaded} (the same entries already read, checked and symmetrised); this
     * thread's next use reuses its entries.
     *
     * @param eigenvalues the values {@link #eigenvalues()} computes for these entries, ascending
     *                    (stored when the source was written, or computed), or null to compute
     *                    them when first asked
     */
    public static SymmetricMatrix external(SymmetricMatrix loaded, Source source, double[] eigenvalues) {
        return external(loaded, source, eigenvalues, null);
    }

    /**
     * {@link #external(SymmetricMatrix, Source, double[])} with the {@code {λ_min, λ_max}} that
     * {@link #extremeEigenvalues()} computed for these entries (stored when the source was
     * written), or null; ignored when {@code eigenvalues} are given.
     */
    public static SymmetricMatrix external(SymmetricMatrix loaded, Source source, double[] eigenvalues,
                                           double[] extremes) {
        SymmetricMatrix m = external(loaded.n, loaded.storedSymmetric, source, eigenvalues, extremes);
        Object[] last = LAST_READ.get();
        last[0] = m;
        last[1] = loaded.values();
        return m;
    }

    /**
     * {@link #external(SymmetricMatrix, Source, double[], double[])} for entries checked in a
     * buffer ({@link MatrixCheck#checkInPlace}) instead of loaded: nothing is kept, the first use
     * reads them.
     */
    public static SymmetricMatrix external(MatrixCheck.Checked entries, Source source, double[] eigenvalues,
                                           double[] extremes) {
        return external(entries.n, entries.exact, source, eigenvalues, extremes);
    }

    private static SymmetricMatrix external(int n, boolean storedSymmetric, Source source, double[] eigenvalues,
                                            double[] extremes) {
        if (eigenvalues != null && eigenvalues.length != n) {
            throw new IllegalArgumentException(eigenvalues.length + " eigenvalues for a " + n + "x" + n + " matrix");
        }
        SymmetricMatrix m = new SymmetricMatrix(n, source, eigenvalues == null ? null : eigenvalues.clone());
        m.storedSymmetric = storedSymmetric;
        if (eigenvalues == null && extremes != null) {
            m.extremes = new double[] {extremes[0], extremes[1]};
        }
        return m;
    }

    /** True if the entries are read from a {@link Source} on use instead of held. */
    public boolean isExternal() {
        return data == null;
    }

    /** The symmetrised entries, row-major; never to be written. */
    private double[] values() {
        double[] v = heldOrCached();
        if (v != null) {
            return v;
        }
        v = read();
        Object[] last = LAST_READ.get();
        last[0] = this;
        last[1] = v;
        return v;
    }

    /** The entries if held, or if this thread read them last (never to be written); else null. */
    private double[] heldOrCached() {
        if (data != null) {
            return data;
        }
        Object[] last = LAST_READ.get();
        return last[0] == this ? (double[]) last[1] : null;
    }

    /** A fresh array of the symmetrised entries of an external matrix, read from its source. */
    private double[] read() {
        double[] v = new double[n * n];
        source.read(v);
        // The same rule as of(double[][]), so the bits equal those of a held matrix; entries that
        // were exactly symmetric when loaded (every sidecar taskmix writes) are left as they are,
        // which is what symmetrising them gives (0.5·(a + a) = a), without the transposed walk
        // (a third of a d = 4096 solve re-reads its tasks).
        if (!storedSymmetric) {
            SymmetricTiles.symmetrise(v, n);
        }
        return v;
    }

    /**
     * Passes the symmetrised entries to {@code visitor}: a held matrix, or one this thread read last,
     * in one block; an external one whose stored entries were exactly symmetric (a block then needs
     * no transposed entries) streamed from its source a few rows at a time, so that a sum over it
     * costs no fresh {@code d²} array (134 MB at d = 4096); else read whole, as {@link #get} reads it.
     */
    public void forEachRowBlock(RowBlock visitor) {
        double[] v = heldOrCached();
        if (v == null && storedSymmetric && SymmetricTiles.streamed(source, n, visitor)) {
            return;
        }
        visitor.rows(v != null ? v : values(), 0, n);
    }

    /**
     * Builds a symmetric matrix from rows.
     *
     * @throws IllegalArgumentException naming the row and entry if the array is empty, ragged,
     *         non-square, non-finite or asymmetric beyond {@link #SYMMETRY_TOLERANCE}
     */
    public static SymmetricMatrix of(double[][] rows) {
        // (A + Aᵀ)/2 by the check file-backed matrices pass; on a defect MatrixCheck names it.
        MatrixCheck.Checked checked = MatrixCheck.checkRows(rows);
        if (checked == null) {
            MatrixCheck check = MatrixCheck.check(rows);
            throw new IllegalArgumentException(check.path() + ": " + check.message());
        }
        SymmetricMatrix m = new SymmetricMatrix(rows.length, checked.entries());
        m.storedSymmetric = checked.exact;
        return m;
    }

    /**
     * The matrix whose upper triangle ({@code j ≥ i}) is that of the row-major {@code n × n}
     * array {@code v}, which it takes over (the lower triangle is overwritten with the mirror
     * image): the same matrix, to the bit, as {@link #of(double[][])} of the mirrored rows, without
     * that method's copy and checks, which cost a d = 4096 {@code estimate} three passes over
     * 134 MB per task. The entries must be finite (callers check them in their own order, for
     * their messages).
     */
    public static SymmetricMatrix fromUpper(int n, double[] v) {
        if (n < 1 || v.length != n * n) {
            throw new IllegalArgumentException(v.length + " entries for a " + n + "x" + n + " matrix");
        }
        boolean halfRange = SymmetricTiles.mirrorUpper(v, n);
        // Mirrored entries symmetrise to themselves (0.5·(a + a) = a) unless a + a overflows: only
        // then does of(double[][]) change them, and so does this.
        boolean exact = halfRange || SymmetricTiles.symmetrise(v, n);
        SymmetricMatrix m = new SymmetricMatrix(n, v);
        m.storedSymmetric = exact;
        return m;
    }

    /** Tile side of the transposed walks ({@link SymmetricTiles}, {@link MatrixCheck}): 64 × 64 doubles = 32 KB. */
    static final int TILE = 64;

    /** A diagonal matrix; entries must be finite. */
    public static SymmetricMatrix diagonal(double... diag) {
        int n = diag.length;
        if (n == 0) {
            throw new IllegalArgumentException("diagonal must have at least one entry");
        }
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(diag[i])) {
                throw new IllegalArgumentException("[" + i + "]: value " + diag[i] + " is not finite");
            }
            d[i * n + i] = diag[i];
        }
        return new SymmetricMatrix(n, d);
    }

    /** The identity of size {@code n}. */
    public static SymmetricMatrix identity(int n) {
        double[] diag = new double[n];
        Arrays.fill(diag, 1.0);
        return diagonal(diag);
    }

    /**
     * {@code Q diag(values) Qᵀ} for a matrix {@code Q} whose columns are orthonormal
     * (not checked here; callers own that).
     */
    public static SymmetricMatrix fromEigen(double[] values, DMatrixRMaj q) {
        int n = values.length;
        if (q.numRows != n || q.numCols != n) {
            throw new IllegalArgumentException("basis is " + q.numRows + "x" + q.numCols
                    + " but the spectrum has " + n + " values");
        }
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q.get(i, k) * values[k] * q.get(j, k);
                }
                d[i * n + j] = s;
                d[j * n + i] = s;
            }
        }
        return new SymmetricMatrix(n, d);
    }

    /** Wraps an EJML matrix after the same checks as {@link #of(double[][])}. */
    public static SymmetricMatrix of(DMatrixRMaj m) {
        double[][] rows = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                rows[i][j] = m.get(i, j);
            }
        }
        return of(rows);
    }

    /** Matrix size {@code d}. */
    public int dim() {
        return n;
    }

    /** Entry {@code (i, j)}. */
    public double get(int i, int j) {
        return values()[i * n + j];
    }

    /** Copies row {@code i} (the symmetrised entries, as {@link #get} returns them) into {@code dst[0..d)}. */
    public void copyRow(int i, double[] dst) {
        System.arraycopy(values(), i * n, dst, 0, n);
    }

    /** A fresh copy of the rows. */
    public double[][] toArray() {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(values(), i * n, out[i], 0, n);
        }
        return out;
    }

    /**
     * {@code target += alpha·this}, entry by entry, without a copy of this matrix (a mixture's
     * {@code Λ̄ = Σ π_ℓ Λ_ℓ} at d = 4096 would otherwise copy 134 MB per task).
     */
    public void addScaledTo(double alpha, DMatrixRMaj target) {
        if (target.numRows != n || target.numCols != n) {
            throw new IllegalArgumentException("adding a " + n + "x" + n + " matrix to a " + target.numRows + "x"
                    + target.numCols + " one");
        }
        double[] t = target.data;
        forEachRowBlock((block, from, to) -> SymmetricTiles.addScaled(alpha, block, t, from * n, (to - from) * n));
    }

    /**
     * {@code v ← (v + vᵀ)/2} in place for a row-major {@code n × n} array: the rule every
     * symmetric matrix here is stored by (tiled; the diagonal keeps its value unless {@code a + a}
     * overflows).
     */
    public static void symmetriseInPlace(double[] v, int n) {
        if (v.length != n * n) {
            throw new IllegalArgumentException(v.length + " entries for a " + n + "x" + n + " matrix");
        }
        SymmetricTiles.symmetrise(v, n);
    }

    /**
     * A fresh EJML copy: one copy, or for an external matrix not read last on this thread the array
     * read (not kept: the caller may write it); wrapped, as EJML's constructor would copy it again.
     */
    public DMatrixRMaj toEjml() {
        double[] v = heldOrCached();
        return DMatrixRMaj.wrap(n, n, v != null ? v.clone() : read());
    }

    /** Trace. */
    public double trace() {
        double[] t = {0};
        forEachRowBlock((block, from, to) -> t[0] = SymmetricTiles.trace(block, n, from, to, t[0]));
        return t[0];
    }

    /** Frobenius inner product {@code tr(AB)} (both symmetric). */
    public double dot(SymmetricMatrix other) {
        requireSameDim(other);
        // This matrix's entries are taken before the other's are read, which may displace them.
        double[] data = heldOrCached();
        double[] od = other == this ? data : other.values();
        if (data != null) {
            return SymmetricTiles.dot(data, od, 0, data.length, 0);
        }
        double[] s = {0}; // od is null only for this matrix with itself, streamed
        forEachRowBlock((block, from, to) -> s[0] = od == null
                ? SymmetricTiles.dot(block, block, 0, (to - from) * n, s[0])
                : SymmetricTiles.dot(block, od, from * n, (to - from) * n, s[0]));
        return s[0];
    }

    /** Frobenius norm. */
    public double frobeniusNorm() {
        return Math.sqrt(dot(this));
    }

    /** {@code a·this + b·other}. */
    public SymmetricMatrix combine(double a, SymmetricMatrix other, double b) {
        requireSameDim(other);
        double[] data = values();
        double[] od = other.values();
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a * data[i] + b * od[i];
        }
        return new SymmetricMatrix(n, d);
    }

    /** {@code c·this}. */
    public SymmetricMatrix scale(double c) {
        double[] d = values().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= c;
        }
        return new SymmetricMatrix(n, d);
    }

    /** Weighted sum {@code Σ w_i M_i} of matrices of one size. */
    public static SymmetricMatrix weightedSum(double[] weights, java.util.List<SymmetricMatrix> ms) {
        if (weights.length != ms.size() || ms.isEmpty()) {
            throw new IllegalArgumentException(weights.length + " weights for " + ms.size() + " matrices");
        }
        int n = ms.get(0).n;
        double[] d = new double[n * n];
        for (int l = 0; l < weights.length; l++) {
            double w = weights[l];
            if (w == 0) {
                continue;
            }
            SymmetricMatrix m = ms.get(l);
            ms.get(0).requireSameDim(m);
            m.forEachRowBlock((block, from, to) -> SymmetricTiles.addScaled(w, block, d, from * n, (to - from) * n));
        }
        return new SymmetricMatrix(n, d);
    }

    /** The eigendecomposition, eigenvalues ascending (computed once, then cached). */
    public SymmetricEigen eigen() {
        SymmetricEigen e = eigen;
        if (e == null) {
            e = SymmetricEigen.of(this);
            eigen = e;
        }
        return e;
    }

    /**
     * Eigenvalues in ascending order (a copy), computed without eigenvectors (several times
     * faster than {@link #eigen()}) and cached. Always this computation, never the values of a
     * cached {@link #eigen()}, so a result does not depend on what was asked for before; the two
     * agree to the eigensolver's accuracy (about d·ε·λ_max).
     */
    public double[] eigenvalues() {
        double[] v = eigenvalues;
        if (v == null) {
            v = SymmetricEigen.valuesOf(this);
            eigenvalues = v;
        }
        return v.clone();
    }

    /**
     * {@code {λ_min, λ_max}} (cached). Below {@link #EXTREMES_MIN_DIMENSION}, or when the spectrum
     * was supplied ({@link #external}), the ends of {@link #eigenvalues()}; from it on, by
     * {@link LanczosExtremes} on all cores, falling back to {@link #eigenvalues()} when the matrix is
     * not positive definite or nearly singular. Which way is taken depends only on the matrix and
     * how it was made, never on what was asked before, so results are reproducible.
     */
    public double[] extremeEigenvalues() {
        double[] e = extremes;
        if (e == null) {
            if (n >= EXTREMES_MIN_DIMENSION && !spectrumGiven) {
                e = LanczosExtremes.of(values(), n, Runtime.getRuntime().availableProcessors());
            }
            if (e == null) {
                double[] ev = eigenvalues();
                e = new double[] {ev[0], ev[n - 1]};
                extremesFromSpectrum = true;
            }
            extremes = e;
        }
        return e.clone();
    }

    /**
     * True if {@link #extremeEigenvalues()} came from the full spectrum, so {@link #eigenvalues()}
     * costs nothing more; false if only the extremes are known (then the full spectrum is a
     * {@code d³} eigendecomposition). Computes the extremes if not yet known.
     */
    public boolean spectrumKnown() {
        extremeEigenvalues();
        return extremesFromSpectrum;
    }

    private void requireSameDim(SymmetricMatrix other) {
        if (other.n != n) {
            throw new IllegalArgumentException("dimension mismatch: " + n + "x" + n + " vs " + other.n + "x" + other.n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricMatrix s && s.n == n && Arrays.equals(s.values(), values());
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "SymmetricMatrix[" + n + "x" + n + "]";
    }
}
