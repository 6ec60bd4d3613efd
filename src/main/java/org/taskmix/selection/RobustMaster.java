package org.taskmix.selection;

import java.util.Arrays;

/**
 * The restricted robust program over the convex hull of a few points: with {@code π = Σ_i μ_i π_i},
 * {@code μ} in the standard {@code r}-simplex, every target value and the prior are convex
 * quadratics {@code c_j(μ) = μᵀ C_j μ} (homogeneous because {@code Σμ = 1}: {@code C_j} is the Gram
 * matrix of the block-{@code j} residuals {@code A_jπ_i − b_j} plus the Gram matrix of
 * {@code √γ(π_i − π_prior)}). It solves the epigraph form
 *
 * <pre>  minimise t   subject to   μᵀC_jμ ≤ t (all j),  μ ≥ 0,  Σμ = 1</pre>
 *
 * <p>by a primal log-barrier method (Newton with equality constraint, backtracking that keeps the
 * iterate strictly feasible, barrier weight raised 20-fold per stage until the duality gap
 * {@code (K + r)/s} of the central path is below {@link #GAP} of the objective scale). The problem
 * is tiny ({@code r + 1} unknowns, {@code r} at most a few dozen), so each Newton step is a dense
 * solve. The multipliers of the target constraints on the central path, {@code λ_j = 1/(s·(t − c_j))},
 * sum to one exactly at a centre and converge to the optimal target weighting: they are the dual
 * iterate of the outer loop in {@link RobustManyTargets}.
 */
final class RobustMaster {

    /**
     * Central-path gap at which the barrier stops, relative to the objective scale. The slacks
     * {@code t − c_j} of active targets are then about {@code GAP/(K + r)} of the objective; much
     * below 1e-10 they approach the rounding of {@code t} and {@code c_j} and the multipliers become
     * noise (observed at 1e-14: multipliers that were ratios of ulps).
     */
    static final double GAP = 1e-10;
    /** Newton decrement² / 2 below which a centring step is done. */
    private static final double CENTRED = 1e-15;
    /** Barrier weight factor per stage (a standard choice: ~10–40 Newton steps per stage). */
    private static final double GROWTH = 20;
    /** Newton steps per stage before giving up on the centring (it is never reached in practice). */
    private static final int MAX_NEWTON = 200;
    /** Backtracking factor and sufficient decrease of the line search. */
    private static final double BETA = 0.5;
    private static final double ALPHA = 0.01;

    /** The answer: convex weights over the points, target weights, the value {@code max_j c_j(μ)}. */
    record Solution(double[] mu, double[] lambda, double value) {
    }

    private RobustMaster() {
    }

    /**
     * Solves the restricted program.
     *
     * @param c {@code c[j]} is the {@code r × r} PSD matrix of target {@code j} (prior included)
     */
    static Solution solve(double[][][] c) {
        int k = c.length;
        int r = c[0].length;
        if (r == 1) {
            double[] lambda = new double[k];
            int arg = 0;
            for (int j = 1; j < k; j++) {
                if (c[j][0][0] > c[arg][0][0]) {
                    arg = j;
                }
            }
            lambda[arg] = 1;
            return new Solution(new double[] {1}, lambda, c[arg][0][0]);
        }
        double[] mu = new double[r];
        Arrays.fill(mu, 1.0 / r);
        double[] cv = new double[k];
        double[][] cmu = new double[k][r];
        values(c, mu, cv, cmu);
        double scale = Math.max(max(cv), Double.MIN_NORMAL);
        // Work on C/scale so that values are O(1); the answer is rescaled at the end.
        double[][][] cs = new double[k][r][r];
        for (int j = 0; j < k; j++) {
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    cs[j][a][b] = c[j][a][b] / scale;
                }
            }
        }
        values(cs, mu, cv, cmu);
        double t = max(cv) + 1;
        double s = (k + r) / 1.0;
        int n = r + 1;
        double[] grad = new double[n];
        double[][] kkt = new double[n + 1][n + 1];
        double[] rhs = new double[n + 1];
        double[] u = new double[k];
        while (true) {
            for (int step = 0; step < MAX_NEWTON; step++) {
                values(cs, mu, cv, cmu);
                for (int j = 0; j < k; j++) {
                    u[j] = t - cv[j];
                }
                // Gradient and Hessian of s·t − Σ_j log(t − c_j) − Σ_i log μ_i.
                for (double[] row : kkt) {
                    Arrays.fill(row, 0);
                }
                Arrays.fill(grad, 0);
                grad[r] = s;
                for (int j = 0; j < k; j++) {
                    double iu = 1 / u[j];
                    grad[r] -= iu;
                    for (int a = 0; a < r; a++) {
                        grad[a] += 2 * cmu[j][a] * iu;
                        double ga = 2 * cmu[j][a];
                        for (int b = 0; b < r; b++) {
                            kkt[a][b] += 2 * cs[j][a][b] * iu + ga * 2 * cmu[j][b] * iu * iu;
                        }
                        kkt[a][r] -= ga * iu * iu;
                        kkt[r][a] -= ga * iu * iu;
                    }
                    kkt[r][r] += iu * iu;
                }
                for (int a = 0; a < r; a++) {
                    grad[a] -= 1 / mu[a];
                    kkt[a][a] += 1 / (mu[a] * mu[a]);
                    kkt[a][n] = 1;
                    kkt[n][a] = 1;
                }
                for (int a = 0; a < n; a++) {
                    rhs[a] = -grad[a];
                }
                rhs[n] = 0;
                double[] dx = solveDense(kkt, rhs);
                if (dx == null) {
                    break;
                }
                double dec = 0;
                for (int a = 0; a < n; a++) {
                    dec -= grad[a] * dx[a];
                }
                if (dec / 2 <= CENTRED) {
                    break;
                }
                double f0 = barrier(cs, mu, t, s);
                double step0 = 1;
                double[] mu1 = new double[r];
                double t1 = t;
                boolean moved = false;
                for (int ls = 0; ls < 60; ls++) {
                    boolean ok = true;
                    for (int a = 0; a < r; a++) {
                        mu1[a] = mu[a] + step0 * dx[a];
                        ok &= mu1[a] > 0;
                    }
                    t1 = t + step0 * dx[r];
                    if (ok) {
                        double f1 = barrier(cs, mu1, t1, s);
                        if (f1 <= f0 - ALPHA * step0 * dec) {
                            moved = true;
                            break;
                        }
                    }
                    step0 *= BETA;
                }
                if (!moved) {
                    break;
                }
                // Re-normalise away the rounding drift of Σμ = 1 (the Newton step keeps it exactly).
                double sum = 0;
                for (double v : mu1) {
                    sum += v;
                }
                for (int a = 0; a < r; a++) {
                    mu[a] = mu1[a] / sum;
                }
                t = t1;
            }
            if ((k + r) / s <= GAP * Math.max(1, t)) {
                break;
            }
            s *= GROWTH;
        }
        values(cs, mu, cv, cmu);
        double[] lambda = new double[k];
        double lsum = 0;
        for (int j = 0; j < k; j++) {
            lambda[j] = 1 / (s * (t - cv[j]));
            lsum += lambda[j];
        }
        for (int j = 0; j < k; j++) {
            lambda[j] /= lsum;
        }
        values(c, mu, cv, cmu);
        return new Solution(mu, lambda, max(cv));
    }

    private static double barrier(double[][][] c, double[] mu, double t, double s) {
        double v = s * t;
        for (double[][] cj : c) {
            double q = quad(cj, mu);
            if (!(t - q > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            v -= Math.log(t - q);
        }
        for (double m : mu) {
            v -= Math.log(m);
        }
        return v;
    }

    private static double quad(double[][] c, double[] mu) {
        double v = 0;
        for (int a = 0; a < mu.length; a++) {
            double s = 0;
            for (int b = 0; b < mu.length; b++) {
                s += c[a][b] * mu[b];
            }
            v += mu[a] * s;
        }
        return v;
    }

    private static void values(double[][][] c, double[] mu, double[] cv, double[][] cmu) {
        for (int j = 0; j < c.length; j++) {
            double v = 0;
            for (int a = 0; a < mu.length; a++) {
                double s = 0;
                for (int b = 0; b < mu.length; b++) {
                    s += c[j][a][b] * mu[b];
                }
                cmu[j][a] = s;
                v += mu[a] * s;
            }
            cv[j] = v;
        }
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Gaussian elimination with partial pivoting on a copy; null if singular. */
    static double[] solveDense(double[][] m0, double[] b0) {
        int n = b0.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = m0[i].clone();
        }
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int p = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i][col]) > Math.abs(m[p][col])) {
                    p = i;
                }
            }
            if (m[p][col] == 0) {
                return null;
            }
            double[] tr = m[p];
            m[p] = m[col];
            m[col] = tr;
            double tb = b[p];
            b[p] = b[col];
            b[col] = tb;
            for (int i = col + 1; i < n; i++) {
                double f = m[i][col] / m[col][col];
                if (f != 0) {
                    for (int j = col; j < n; j++) {
                        m[i][j] -= f * m[col][j];
                    }
                    b[i] -= f * b[col];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
