package org.taskmix.selection;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * The free set {@code F} of an {@link ActiveSetSolver} run and the Cholesky factor of its
 * Newton matrix {@code H = A_FᵀA_F + γI + ρ11ᵀ}, kept up to date as weights enter (append a
 * column: {@code O(rows·|F| + |F|²)}) and leave (row shift plus Givens rotations:
 * {@code O(|F|²)}). Kept apart from the iteration so that the factor's invariants (row-major,
 * stride {@code cap}, {@code nf} rows valid) are maintained in one place.
 */
final class FreeSetFactor {
    /** A pivot is singular when its Cholesky diagonal squared falls below this fraction of its Gram diagonal. */
    static final double SINGULAR_PIVOT = 1e-11;

    private final double[] a;
    private final int m;
    private final double rho;
    private final double gamma;
    /** The products of the columns when already formed ({@link SelectionProblem#gram()}), else null. */
    private final ColumnGram gram;

    private int[] free = new int[16];
    private int nf;
    /** Cholesky factor, row-major with stride cap. */
    private double[] chol = new double[16 * 16];
    private int cap = 16;

    /**
     * @param a     the {@code rows × T} matrix, column {@code l} at {@code l·rows}
     * @param m     rows
     * @param rho   the {@code ρ} of {@code ρ11ᵀ}
     * @param gamma the prior pull {@code γ}
     * @param gram  the columns' products with the bits of {@link Dots#dot4}, or null to compute
     *              each when needed
     */
    FreeSetFactor(double[] a, int m, double rho, double gamma, ColumnGram gram) {
        this.a = a;
        this.m = m;
        this.rho = rho;
        this.gamma = gamma;
        this.gram = gram;
    }

    /** {@code |F|}. */
    int size() {
        return nf;
    }

    /** The weight at position {@code i} of F. */
    int at(int i) {
        return free[i];
    }

    /** {@code a_fᵀa_l}, in {@link Dots#dot4}'s order, read in place (or from the Gram entries). */
    private double dot(int f, int l) {
        return gram != null ? gram.dot4(f, l) : Dots.dot4(a, f * m, a, l * m, m);
    }

    /** {@code H}'s column for weight {@code l} against F: {@code a_fᵀa_l + ρ} for each f in F. */
    double[] coupling(int l) {
        int n = nf;
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = dot(free[i], l) + rho;
        }
        return h;
    }

    /**
     * Appends {@code l} to F and its column to the factor; false (and no change) if the pivot is
     * singular, unless {@code force}, which lifts the pivot to the singular threshold (a ridge of
     * relative size {@link ActiveSetSolver#SINGULAR_PIVOT} on that weight only).
     */
    boolean append(int l, boolean force) {
        int n = nf;
        ensureCapacity(n + 1);
        double[] w = coupling(l);
        double diag = dot(l, l) + rho + gamma;
        forward(w, n);
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += w[i] * w[i];
        }
        double d2 = diag - ss;
        if (!(d2 > SINGULAR_PIVOT * diag)) {
            if (!force) {
                return false;
            }
            d2 = SINGULAR_PIVOT * diag;
        }
        int row = n * cap;
        for (int i = 0; i < n; i++) {
            chol[row + i] = w[i];
        }
        chol[row + n] = Math.sqrt(d2);
        free[n] = l;
        nf = n + 1;
        return true;
    }

    /** Deletes position {@code k} from F and the factor (row shift plus Givens rotations). */
    void remove(int k) {
        int n = nf;
        for (int i = k; i < n - 1; i++) {
            System.arraycopy(chol, (i + 1) * cap, chol, i * cap, i + 2);
            free[i] = free[i + 1];
        }
        for (int i = k; i < n - 1; i++) {
            int row = i * cap;
            double x = chol[row + i];
            double y = chol[row + i + 1];
            double rr = Math.hypot(x, y);
            double c = x / rr;
            double s = y / rr;
            for (int j = i; j < n - 1; j++) {
                int rj = j * cap;
                double u = chol[rj + i];
                double v = chol[rj + i + 1];
                chol[rj + i] = c * u + s * v;
                chol[rj + i + 1] = -s * u + c * v;
            }
            chol[row + i + 1] = 0;
        }
        nf = n - 1;
    }

    /** Solves {@code H x = v} in place. */
    void solve(double[] v) {
        int n = nf;
        forward(v, n);
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int j = i + 1; j < n; j++) {
                s -= chol[j * cap + i] * v[j];
            }
            v[i] = s / chol[i * cap + i];
        }
    }

    /** Forward substitution {@code L y = v} on the first {@code n} rows of the factor, in place. */
    private void forward(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            double s = v[i];
            int row = i * cap;
            for (int j = 0; j < i; j++) {
                s -= chol[row + j] * v[j];
            }
            v[i] = s / chol[row + i];
        }
    }

    private void ensureCapacity(int n) {
        if (n <= cap) {
            return;
        }
        int nc = Math.max(n, cap * 2);
        double[] nchol = new double[nc * nc];
        for (int i = 0; i < nf; i++) {
            System.arraycopy(chol, i * cap, nchol, i * nc, i + 1);
        }
        chol = nchol;
        cap = nc;
        free = Arrays.copyOf(free, nc);
    }
}
