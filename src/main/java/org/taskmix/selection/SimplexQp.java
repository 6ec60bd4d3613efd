package org.taskmix.selection;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The exact minimiser of a strictly convex quadratic model over the bounded simplex:
 * {@code min_y gᵀ(y − x) + ½(y − x)ᵀB(y − x)} subject to {@code lo ≤ y ≤ hi}, {@code Σy = 1}, with
 * {@code B} symmetric positive definite and {@code x} feasible. The subproblem of
 * {@link SimplexQuasiNewton} (docs/theory.md §7.6).
 *
 * <p>Method: a primal active-set method (Nocedal and Wright, Algorithm 16.3) started at {@code x}
 * with the working set = the weights at a bound. On the free face {@code F} the equality-constrained
 * step solves the KKT system {@code [B_FF 1; 1ᵀ 0][p; −ν] = [−q_F; 0]} ({@code q} the model's
 * gradient at the current point); a step that would leave the bounds stops at the first bound met
 * (ratio test) and that weight joins the working set; at a face optimum the multipliers
 * {@code q_i − ν} of the fixed weights are checked and the most violating one is released. Why an
 * exact method and not accelerated projected gradient: the quasi-Newton matrix can have a condition
 * number of 1e8 and more in the curved valleys of the exact objective, where a first-order inner
 * solver stops far from the model's minimiser and the outer method loses its fast local
 * convergence; here {@code T ≤ } a few hundred, so the dense {@code (|F|+1)²} solves cost nothing
 * next to one evaluation of the objective.
 */
public final class SimplexQp {

    /**
     * Multiplier violations below this fraction of the model gradient's size are rounding: a
     * weight is released only if moving it lowers the model by more than rounding can explain.
     */
    static final double MULTIPLIER_TOLERANCE = 1e-12;

    /** A step component below this (absolute, weights are in [0, 1]) is a zero step. */
    static final double STEP_TOLERANCE = 1e-15;

    private SimplexQp() {
    }

    /**
     * The model's minimiser.
     *
     * @param b        {@code T × T} symmetric positive definite (row-major, {@code b[i][j]})
     * @param g        linear term (the objective's gradient at {@code x})
     * @param x        a feasible point (the expansion point)
     * @param feasible the set
     * @return the minimiser {@code y}, feasible; {@code x} itself if the solve fails numerically
     */
    public static double[] minimise(double[][] b, double[] g, double[] x, BoundedSimplex feasible) {
        int t = x.length;
        double[] y = x.clone();
        boolean[] fixed = new boolean[t];
        for (int i = 0; i < t; i++) {
            fixed[i] = y[i] <= feasible.lower(i) || y[i] >= feasible.upper(i);
        }
        double[] q = new double[t];
        double scale = 0;
        for (double gi : g) {
            scale = Math.max(scale, Math.abs(gi));
        }
        double tol = MULTIPLIER_TOLERANCE * Math.max(scale, Double.MIN_NORMAL);
        int limit = 10 * t + 50;
        for (int it = 0; it < limit; it++) {
            modelGradient(b, g, x, y, q);
            double[] p = faceStep(b, q, fixed);
            if (p == null) {
                return x.clone();
            }
            double pMax = 0;
            for (double v : p) {
                pMax = Math.max(pMax, Math.abs(v));
            }
            if (pMax <= STEP_TOLERANCE) {
                int release = mostViolating(q, fixed, y, feasible, tol);
                if (release < 0) {
                    return y;
                }
                fixed[release] = false;
                continue;
            }
            double alpha = 1;
            int blocking = -1;
            for (int i = 0; i < t; i++) {
                if (fixed[i]) {
                    continue;
                }
                if (p[i] < 0 && y[i] + p[i] < feasible.lower(i)) {
                    double a = (feasible.lower(i) - y[i]) / p[i];
                    if (a < alpha) {
                        alpha = a;
                        blocking = i;
                    }
                } else if (p[i] > 0 && y[i] + p[i] > feasible.upper(i)) {
                    double a = (feasible.upper(i) - y[i]) / p[i];
                    if (a < alpha) {
                        alpha = a;
                        blocking = i;
                    }
                }
            }
            for (int i = 0; i < t; i++) {
                if (!fixed[i]) {
                    y[i] = Math.min(feasible.upper(i), Math.max(feasible.lower(i), y[i] + alpha * p[i]));
                }
            }
            if (blocking >= 0) {
                y[blocking] = p[blocking] < 0 ? feasible.lower(blocking) : feasible.upper(blocking);
                fixed[blocking] = true;
            }
        }
        return y;
    }

    /** {@code q = g + B(y − x)}. */
    private static void modelGradient(double[][] b, double[] g, double[] x, double[] y, double[] q) {
        int t = x.length;
        for (int i = 0; i < t; i++) {
            double s = g[i];
            for (int j = 0; j < t; j++) {
                s += b[i][j] * (y[j] - x[j]);
            }
            q[i] = s;
        }
    }

    /**
     * The Newton step of the model on the free face with the sum kept ({@code 1ᵀp = 0}); zero on
     * fixed weights; null if the KKT system is singular.
     */
    private static double[] faceStep(double[][] b, double[] q, boolean[] fixed) {
        int t = q.length;
        int[] free = new int[t];
        int nf = 0;
        for (int i = 0; i < t; i++) {
            if (!fixed[i]) {
                free[nf++] = i;
            }
        }
        double[] p = new double[t];
        if (nf <= 1) {
            return p;
        }
        DMatrixRMaj kkt = new DMatrixRMaj(nf + 1, nf + 1);
        DMatrixRMaj rhs = new DMatrixRMaj(nf + 1, 1);
        for (int a = 0; a < nf; a++) {
            for (int c = 0; c < nf; c++) {
                kkt.set(a, c, b[free[a]][free[c]]);
            }
            kkt.set(a, nf, 1);
            kkt.set(nf, a, 1);
            rhs.set(a, 0, -q[free[a]]);
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.linear(nf + 1);
        if (!lu.setA(kkt)) {
            return null;
        }
        DMatrixRMaj sol = new DMatrixRMaj(nf + 1, 1);
        lu.solve(rhs, sol);
        for (int a = 0; a < nf; a++) {
            double v = sol.get(a, 0);
            if (!Double.isFinite(v)) {
                return null;
            }
            p[free[a]] = v;
        }
        return p;
    }

    /**
     * The fixed weight whose multiplier has the wrong sign by the most ({@code −1} if none): at a
     * face optimum {@code q_F = ν}; a weight at its lower bound may stay there iff
     * {@code q_i ≥ ν}, at its upper bound iff {@code q_i ≤ ν}. With an empty free face
     * {@code ν} is undetermined; the cheapest weight that can grow is released.
     */
    private static int mostViolating(double[] q, boolean[] fixed, double[] y, BoundedSimplex feasible, double tol) {
        int t = q.length;
        double nu = 0;
        int nf = 0;
        for (int i = 0; i < t; i++) {
            if (!fixed[i]) {
                nu += q[i];
                nf++;
            }
        }
        int best = -1;
        double worst = tol;
        if (nf == 0) {
            double cheapest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < t; i++) {
                if (feasible.upper(i) > feasible.lower(i) && y[i] < feasible.upper(i) && q[i] < cheapest) {
                    cheapest = q[i];
                    best = i;
                }
            }
            return best;
        }
        nu /= nf;
        for (int i = 0; i < t; i++) {
            if (!fixed[i] || feasible.upper(i) <= feasible.lower(i)) {
                continue;
            }
            boolean atLower = y[i] <= feasible.lower(i);
            double violation = atLower ? nu - q[i] : q[i] - nu;
            if (violation > worst) {
                worst = violation;
                best = i;
            }
        }
        return best;
    }
}
