package org.taskmix.selection;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.catalog.CovarianceRules;
import org.taskmix.linalg.SymmetricEigen;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The reduced form of docs/theory.md §6 for one target {@code Σ}: a symmetric matrix {@code X} maps to a
 * vector {@code reduced(X)} of length {@code p = d(d+1)/2} with {@code ‖Σ⁻¹X‖_F² = ‖reduced(X)‖²}.
 *
 * <p>With {@code Σ = U diag(σ) Uᵀ}, {@code s = 1/σ} and {@code B = Uᵀ X U}:
 * {@code ‖Σ⁻¹X‖_F² = ‖diag(s) B‖_F² = Σ_i s_i² B_ii² + Σ_{i<j} (s_i² + s_j²) B_ij²}. The first
 * {@code d} entries of the reduced vector are {@code s_i B_ii}; then, for {@code i < j} in row-major
 * order of the upper triangle, {@code √(s_i² + s_j²) B_ij}. The map is linear, so the selection
 * objective {@code ‖I − Σ⁻¹Λ̄‖_F² = ‖Σ⁻¹(Σ − Λ̄)‖_F² = ‖b − Σ_ℓ π_ℓ a_ℓ‖²} with
 * {@code a_ℓ = reduced(Λ_ℓ)} and {@code b = reduced(Σ)} (whose entries are 1 on the diagonal part
 * and 0 elsewhere). Thread-safe once built.
 */
public final class ReducedForm {

    private final int d;
    private final DMatrixRMaj u;
    private final double[] s;
    private final double[] offScale;
    private final double[] sigma;
    // When U is a signed permutation (Σ diagonal, e.g. Σ = I): column c of U is sign[c]·e_{perm[c]},
    // so B = UᵀXU is a relabelling of X; null otherwise.
    private final int[] perm;
    private final double[] sign;

    private ReducedForm(int d, DMatrixRMaj u, double[] sigma) {
        this.d = d;
        this.u = u;
        this.sigma = sigma;
        int[] p = new int[d];
        double[] sg = new double[d];
        this.perm = signedPermutation(u, p, sg) ? p : null;
        this.sign = perm == null ? null : sg;
        this.s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = 1.0 / sigma[i];
        }
        this.offScale = new double[d * (d - 1) / 2];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                offScale[k++] = Math.sqrt(s[i] * s[i] + s[j] * s[j]);
            }
        }
    }

    /**
     * The reduced form for target covariance {@code sigma}.
     *
     * @throws IllegalArgumentException if {@code sigma} is not positive definite
     *         (the selection program needs {@code Σ⁻¹})
     */
    public static ReducedForm of(SymmetricMatrix sigma) {
        String bad = CovarianceRules.targetViolation(sigma);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        SymmetricEigen e = sigma.eigen();
        return new ReducedForm(sigma.dim(), e.vectors(), e.values());
    }

    /** Dimension {@code d} of the covariances. */
    public int dim() {
        return d;
    }

    /** Length {@code p = d(d+1)/2} of a reduced vector. */
    public int length() {
        return d * (d + 1) / 2;
    }

    /** {@code p} for dimension {@code d}. */
    public static int length(int d) {
        return d * (d + 1) / 2;
    }

    /** {@code reduced(Σ)}: 1 on the {@code d} diagonal entries, 0 on the rest. */
    public double[] target() {
        double[] b = new double[length()];
        for (int i = 0; i < d; i++) {
            // s_i σ_i is 1 up to one rounding; computing it keeps b exactly reduced(Σ).
            b[i] = s[i] * sigma[i];
        }
        return b;
    }

    /** Reduces {@code x} into a new array. */
    public double[] reduce(SymmetricMatrix x) {
        double[] out = new double[length()];
        reduce(x.toEjml(), out, 0, new Workspace(d));
        return out;
    }

    /** Scratch matrices for {@link #reduce(DMatrixRMaj, double[], int, Workspace)}; one per thread. */
    public static final class Workspace {
        final DMatrixRMaj xu;
        final DMatrixRMaj bm;

        /** Scratch for dimension {@code d}. */
        public Workspace(int d) {
            xu = new DMatrixRMaj(d, d);
            bm = new DMatrixRMaj(d, d);
        }
    }

    /**
     * True if every column {@code c} of {@code u} has exactly one non-zero entry, {@code ±1}, at
     * row {@code perm[c]} (filled in with {@code sign[c]}), the rows all distinct. The
     * eigenvectors of a diagonal {@code Σ} come out so, exactly.
     */
    private static boolean signedPermutation(DMatrixRMaj u, int[] perm, double[] sign) {
        int d = u.numRows;
        boolean[] used = new boolean[d];
        for (int c = 0; c < d; c++) {
            perm[c] = -1;
            for (int r = 0; r < d; r++) {
                double v = u.get(r, c);
                if (v == 0) {
                    continue;
                }
                if ((v != 1 && v != -1) || perm[c] >= 0 || used[r]) {
                    return false;
                }
                perm[c] = r;
                sign[c] = v;
                used[r] = true;
            }
            if (perm[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code reduced(x)} into {@code out[offset … offset+p)}, scaled by {@code factor}.
     * {@code x} must be symmetric (only its symmetric part is meaningful). Uses EJML's blocked
     * products for {@code B = Uᵀ (X U)}: 2d³ flops per task; when {@code U} is a signed
     * permutation (a diagonal {@code Σ}), {@code B_ij = ±X_{perm(i) perm(j)}} is read directly in
     * {@code O(d²)}, bit-identical to the products (every other term of their sums is an exact 0).
     */
    public void reduce(DMatrixRMaj x, double[] out, int offset, Workspace ws, double factor) {
        if (perm != null) {
            permute(x, ws.bm);
        } else {
            CommonOps_DDRM.mult(x, u, ws.xu);
            CommonOps_DDRM.multTransA(u, ws.xu, ws.bm);
        }
        double[] bd = ws.bm.data;
        for (int i = 0; i < d; i++) {
            out[offset + i] = factor * s[i] * bd[i * d + i];
        }
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                // B is symmetric up to rounding; the mean of both halves is its exact symmetric part.
                double bij = 0.5 * (bd[i * d + j] + bd[j * d + i]);
                out[offset + d + k] = factor * offScale[k] * bij;
                k++;
            }
        }
    }

    /** {@code B = UᵀXU} for a signed permutation {@code U}: {@code B_ij = sign_i sign_j X_{perm(i) perm(j)}}. */
    private void permute(DMatrixRMaj x, DMatrixRMaj b) {
        double[] xd = x.data;
        double[] bd = b.data;
        for (int i = 0; i < d; i++) {
            int pi = perm[i] * d;
            double si = sign[i];
            for (int j = 0; j < d; j++) {
                bd[i * d + j] = si * sign[j] * xd[pi + perm[j]];
            }
        }
    }

    /** {@link #reduce(DMatrixRMaj, double[], int, Workspace, double)} with factor 1. */
    public void reduce(DMatrixRMaj x, double[] out, int offset, Workspace ws) {
        reduce(x, out, offset, ws, 1.0);
    }
}
