package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.Gemm;

/**
 * CoT errors of one test prompt when {@code m < d}, from the rank-{@code m} structure of
 * {@code Ŝ_m = X Xᵀ} ({@code X} of size {@code d×m}; docs/theory.md §7), in {@code O(d²m)} work
 * instead of the {@code O(d³ log k)} of dense powers of {@code R = I − PŜ}.
 *
 * <p>With {@code U = P X} and {@code V = X}, {@code R = I − U Vᵀ}, and every power keeps the form
 * {@code R^k = I − U M_k Vᵀ} with an {@code m×m} matrix {@code M_k}: {@code M_0 = 0},
 * {@code M_1 = I} and, since {@code (I − U M_a Vᵀ)(I − U M_b Vᵀ) = I − U(M_a + M_b − M_a G M_b)Vᵀ}
 * with {@code G = VᵀU}, {@code M_{a+b} = M_a + M_b − M_a G M_b} (binary powering, as the dense
 * path). With {@code G_u = UᵀU} and {@code G_v = VᵀV}:
 * <pre>  ‖R^k‖_F² = d − 2 tr(M_k G) + tr(M_kᵀ G_u M_k G_v)
 *   ‖R^k w‖² = ‖w‖² − 2 bᵀ M_k a + (M_k a)ᵀ G_u (M_k a),   a = Vᵀw, b = Uᵀw.</pre>
 * The terms are of order {@code m} and the result at least about {@code d − m}, so the
 * subtraction loses no more than a few units of rounding relative to {@code m}.
 */
final class LowRankCot {

    private LowRankCot() {
    }

    /**
     * {@code ‖R^k‖_F²/d} at each ascending {@code k} in {@code ks} for {@code R = I − P X Xᵀ}; if
     * {@code w} is given, {@code ‖R^k w‖²/d} into {@code realised}. A power beyond the double
     * range gives {@code +∞}, never NaN.
     */
    static double[] errorsAt(DMatrixRMaj p, DMatrixRMaj x, int[] ks, double[] w, double[] realised) {
        return errorsAt(new Products.Left(p), x, ks, w, realised);
    }

    /** As {@link #errorsAt(DMatrixRMaj, DMatrixRMaj, int[], double[], double[])} with {@code P} packed once for many prompts. */
    static double[] errorsAt(Products.Left p, DMatrixRMaj x, int[] ks, double[] w, double[] realised) {
        DMatrixRMaj u = new DMatrixRMaj(x.numRows, x.numCols);
        // The O(d²m) step of a prompt; prompts already run one per core.
        p.times(x, u);
        return errorsWithProduct(x, u, ks, w, realised);
    }

    /** As {@link #errorsAt(Products.Left, DMatrixRMaj, int[], double[], double[])} with {@code U = P X} given. */
    static double[] errorsWithProduct(DMatrixRMaj x, DMatrixRMaj u, int[] ks, double[] w, double[] realised) {
        int d = x.numRows;
        int m = x.numCols;
        DMatrixRMaj g = new DMatrixRMaj(m, m);
        DMatrixRMaj gu = new DMatrixRMaj(m, m);
        DMatrixRMaj gv = new DMatrixRMaj(m, m);
        Products.multTransAHere(x, u, g);
        Products.multTransAHere(u, u, gu);
        Products.multTransAHere(x, x, gv);
        double[] a = w == null ? null : transposeTimes(x, w);
        double[] b = w == null ? null : transposeTimes(u, w);
        double ww = w == null ? 0 : squaredNorm(w);
        double[] out = new double[ks.length];
        // Same binary powering as the dense curve, on the m x m M of R^k (R^0 has M = 0).
        // The m × m products go through Gemm at the dimensions where P·X does (docs/theory.md §8).
        boolean fast = d >= Products.PARALLEL_DIM;
        CotError.powersAt(ks, CommonOps_DDRM.identity(m), new DMatrixRMaj(m, m), last -> compose(last, last, g, fast),
                (power, square) -> compose(power, square, g, fast),
                (power, j) -> {
                    out[j] = finite(frobenius(power, g, gu, gv, d, fast)) / d;
                    if (w != null) {
                        realised[j] = finite(applied(power, gu, a, b, ww)) / d;
                    }
                });
        return out;
    }

    /** {@code c = α·a·b} on this thread: by {@link Gemm} if {@code fast}, else EJML (the small problems' bits). */
    private static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean fast) {
        if (fast) {
            Gemm.multiply(alpha, a, b, c, false);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    /** {@code ‖v‖²}, summed in index order. */
    private static double squaredNorm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    /** {@code M_a + M_b − M_a G M_b}: the {@code M} of {@code R^{a+b}}. */
    private static DMatrixRMaj compose(DMatrixRMaj ma, DMatrixRMaj mb, DMatrixRMaj g, boolean fast) {
        int m = g.numRows;
        DMatrixRMaj gmb = new DMatrixRMaj(m, m);
        mult(1.0, g, mb, gmb, fast);
        DMatrixRMaj out = new DMatrixRMaj(m, m);
        mult(-1.0, ma, gmb, out, fast);
        CommonOps_DDRM.addEquals(out, ma);
        CommonOps_DDRM.addEquals(out, mb);
        return out;
    }

    /** {@code d − 2 tr(M G) + tr(Mᵀ G_u M G_v)}. */
    private static double frobenius(DMatrixRMaj mk, DMatrixRMaj g, DMatrixRMaj gu, DMatrixRMaj gv, int d,
                                    boolean fast) {
        int m = g.numRows;
        double trMG = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                trMG += mk.get(i, k) * g.get(k, i);
            }
        }
        DMatrixRMaj gum = new DMatrixRMaj(m, m);
        mult(1.0, gu, mk, gum, fast);
        DMatrixRMaj mgv = new DMatrixRMaj(m, m);
        mult(1.0, mk, gv, mgv, fast);
        // tr(Mᵀ (G_u M G_v)) = ⟨M, G_u M G_v⟩ = ⟨G_u M, M G_v⟩ (G_u, G_v symmetric).
        double quad = CotError.dot(gum, mgv);
        return d - 2 * trMG + quad;
    }

    /** {@code ‖w‖² − 2 bᵀ M a + (M a)ᵀ G_u (M a)}. */
    private static double applied(DMatrixRMaj mk, DMatrixRMaj gu, double[] a, double[] b, double ww) {
        int m = a.length;
        double[] ma = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += mk.get(i, k) * a[k];
            }
            ma[i] = s;
        }
        double cross = 0;
        double quad = 0;
        for (int i = 0; i < m; i++) {
            cross += b[i] * ma[i];
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += gu.get(i, k) * ma[k];
            }
            quad += ma[i] * s;
        }
        return ww - 2 * cross + quad;
    }

    /** {@code Aᵀw}. */
    private static double[] transposeTimes(DMatrixRMaj a, double[] w) {
        int m = a.numCols;
        double[] out = new double[m];
        for (int r = 0; r < a.numRows; r++) {
            double wr = w[r];
            int row = r * m;
            for (int c = 0; c < m; c++) {
                out[c] += a.data[row + c] * wr;
            }
        }
        return out;
    }

    /** A power beyond the double range makes the sums ∞ − ∞; its error is +∞. */
    private static double finite(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
