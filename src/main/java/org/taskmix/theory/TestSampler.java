package org.taskmix.theory;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.RandomVariates;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Draws test-prompt second moments {@code Ŝ_m = X Xᵀ / m} with the {@code m} columns of
 * {@code X} i.i.d. {@code N(0, Σ)} (docs/theory.md §4 and §7).
 *
 * <p>With the symmetric square root {@code Σ^{1/2}} (eigenvalues clipped at 0, so a semidefinite
 * {@code Σ} works too), {@code Ŝ = Σ^{1/2} (W/m) Σ^{1/2}} where {@code W = Z Zᵀ} and {@code Z} is
 * {@code d×m} standard normal. Two exact ways to draw {@code W}, chosen by {@code m}:
 * <ul>
 *   <li>{@code m ≥ d}: {@code W ~ Wishart_d(m, I)} by the <b>Bartlett decomposition</b>
 *       {@code W = L Lᵀ}, {@code L} lower triangular with {@code L_ii² ~ χ²_{m−i+1}}
 *       ({@code i = 1..d}) and {@code L_ij ~ N(0, 1)} below the diagonal. That is {@code d(d+1)/2}
 *       random numbers and {@code O(d³)} work per prompt <em>whatever {@code m} is</em>, so
 *       {@code m = 10¹²} costs what {@code m = d} costs.</li>
 *   <li>{@code m < d}: the rank-{@code m} form {@code W = Z Zᵀ} with {@code Z} of size {@code d×m}:
 *       {@code O(d² m)} work, less than {@code O(d³)}.</li>
 * </ul>
 * Both give the same law of {@code Ŝ_m}; they are not the same random numbers, so a seeded draw
 * at {@code m ≥ d} differs from what the direct {@code d×m} draw would give.
 *
 * <p>Random streams: one {@link SplittableRandom} per sample, split from a root seeded with the
 * user's seed in sample order, so the draws do not depend on how samples are spread over threads.
 */
final class TestSampler {

    private final int d;
    private final long m;
    private final boolean bartlett;
    private final DMatrixRMaj root;
    // Σ^{1/2} when it is diagonal with positive entries (Σ = I, a diagonal target), else null.
    private final double[] rootDiagonal;

    TestSampler(SymmetricMatrix sigma, long m) {
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        this.d = sigma.dim();
        this.m = m;
        this.bartlett = m >= d;
        // A diagonal Σ (e.g. the identity) has the diagonal root: no d³ eigendecomposition.
        this.root = org.taskmix.catalog.Relevance.isDiagonal(sigma) ? diagonalRoot(sigma)
                : sigma.eigen().apply(v -> Math.sqrt(Math.max(v, 0))).toEjml();
        this.rootDiagonal = positiveDiagonal(root);
    }

    /**
     * {@code diag(√max(σ_ii, 0))}: the symmetric root of a diagonal {@code Σ}, what the
     * eigendecomposition route gives up to its rounding (exactly, for {@code Σ = I}).
     */
    private static DMatrixRMaj diagonalRoot(SymmetricMatrix sigma) {
        int n = sigma.dim();
        DMatrixRMaj r = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            r.set(i, i, Math.sqrt(Math.max(sigma.get(i, i), 0)));
        }
        return r;
    }

    /** The diagonal of {@code r} if {@code r} is diagonal with positive entries, else null. */
    private static double[] positiveDiagonal(DMatrixRMaj r) {
        int n = r.numRows;
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = r.get(i, j);
                if (i == j ? !(v > 0) : v != 0) {
                    return null;
                }
            }
            diag[i] = r.get(i, i);
        }
        return diag;
    }

    /** Per-sample random streams, split in sample order from a root seeded with {@code seed}. */
    static SplittableRandom[] streams(long seed, int count) {
        SplittableRandom rootRng = new SplittableRandom(seed);
        SplittableRandom[] out = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            out[i] = rootRng.split();
        }
        return out;
    }

    /** Scratch space for one thread. */
    final class Workspace {
        final DMatrixRMaj z = bartlett ? new DMatrixRMaj(d, d) : new DMatrixRMaj(d, (int) m);
        // The dense draw's d×d scratch, made on its first use: the factor draw of m < d needs
        // neither, and at d = 4096 the two were 268 MB of zeroed memory per work unit of 8 prompts.
        private DMatrixRMaj w;
        private DMatrixRMaj t;

        private DMatrixRMaj w() {
            if (w == null) {
                w = new DMatrixRMaj(d, d);
            }
            return w;
        }

        private DMatrixRMaj t() {
            if (t == null) {
                t = new DMatrixRMaj(d, d);
            }
            return t;
        }
    }

    Workspace workspace() {
        return new Workspace();
    }

    /** True if draws use the Bartlett decomposition ({@code m ≥ d}). */
    boolean bartlett() {
        return bartlett;
    }

    /** Draws one {@code Ŝ_m} into {@code out}. */
    void draw(SplittableRandom rng, Workspace ws, DMatrixRMaj out) {
        if (bartlett) {
            drawBartlettFactor(rng, ws.z);
            // W/m = (L/√m)(L/√m)ᵀ: the factor is already scaled by 1/√m.
            CommonOps_DDRM.multTransB(ws.z, ws.z, ws.w());
        } else {
            double[] z = ws.z.data;
            for (int i = 0; i < z.length; i++) {
                z[i] = rng.nextGaussian();
            }
            CommonOps_DDRM.multTransB(1.0 / m, ws.z, ws.z, ws.w());
        }
        CommonOps_DDRM.mult(root, ws.w(), ws.t());
        CommonOps_DDRM.mult(ws.t(), root, out);
    }

    /**
     * For {@code m < d}: draws the factor {@code X = Σ^{1/2} Z/√m} ({@code d×m}) of
     * {@code Ŝ_m = X Xᵀ} into {@code out}, from the same random numbers as {@link #draw}, so
     * {@code X Xᵀ} is the {@code Ŝ} that {@link #draw} gives, up to rounding.
     */
    void drawFactor(SplittableRandom rng, Workspace ws, DMatrixRMaj out) {
        if (bartlett) {
            throw new IllegalStateException("the rank-m factor is for m < d");
        }
        double[] z = ws.z.data;
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        double alpha = 1.0 / Math.sqrt((double) m);
        if (rootDiagonal != null) {
            // O(dm) instead of the O(d²m) product, bit-identical to it: each entry of the
            // product is (α·r_ii)·z_ij plus terms (α·0)·z_kj = ±0 that leave a non-zero sum
            // unchanged (z_ij = 0 exactly has probability 0).
            // EJML scales A's entries first, (α·a_ik)·b_kj, from MULT_COLUMN_SWITCH columns on, and
            // scales the finished sum, α·(Σ a_ik·b_kj), below it; both orders are kept.
            double[] o = out.data;
            int cols = (int) m;
            boolean scaleFirst = cols >= org.ejml.EjmlParameters.MULT_COLUMN_SWITCH;
            for (int i = 0; i < d; i++) {
                double r = rootDiagonal[i];
                double a = alpha * r;
                for (int j = i * cols; j < (i + 1) * cols; j++) {
                    o[j] = scaleFirst ? a * z[j] : alpha * (r * z[j]);
                }
            }
            return;
        }
        CommonOps_DDRM.mult(alpha, root, ws.z, out);
    }

    /** {@code L/√m} with {@code L} the Bartlett factor of {@code Wishart_d(m, I)}. */
    private void drawBartlettFactor(SplittableRandom rng, DMatrixRMaj l) {
        double scale = 1.0 / Math.sqrt((double) m);
        double[] a = l.data;
        for (int i = 0; i < d; i++) {
            int row = i * d;
            for (int j = 0; j < i; j++) {
                a[row + j] = rng.nextGaussian() * scale;
            }
            // χ²_ν = 2·Gamma(ν/2); ν = m − i for 0-based i. sqrt(χ²/m) computed as sqrt(2G/m).
            double nu = (double) (m - i);
            a[row + i] = Math.sqrt(RandomVariates.chiSquare(rng, nu) / (double) m);
            for (int j = i + 1; j < d; j++) {
                a[row + j] = 0;
            }
        }
    }

    /** Test prompt length {@code m}. */
    long length() {
        return m;
    }

    int dim() {
        return d;
    }
}
