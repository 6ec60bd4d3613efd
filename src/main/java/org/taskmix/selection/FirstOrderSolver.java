package org.taskmix.selection;

/**
 * Accelerated projected gradient (FISTA) with backtracking, adaptive restart and the exact
 * projection {@link BoundedSimplex#project}, on the reduced form (each iteration: one gradient
 * pass over the {@code rows × T} matrix and a few residuals).
 *
 * <p>Used for what the active-set method does not cover: the robust program
 * {@code max_k f_k(π) + P(π)}, which is not smooth, is solved through its log-sum-exp smoothing
 * {@code F_μ = μ log Σ_k exp(f_k/μ) + P} (within {@code μ log K} of the max), with {@code μ}
 * divided by 10 whenever the smoothed problem is solved to within {@code μ}; the certificate's
 * target weighting starts from the smoothing's softmax weights. It is also the continuation for a
 * prior pull with a free set too large to factorise, and a selectable algorithm ("fista") for
 * comparison. It stops as soon as our certificate passes.
 *
 * <p>A configuration value: the record holds only the settings, each solve its own state.
 *
 * @param name             configuration name
 * @param tol              certificate tolerances (the stopping rule)
 * @param maxIterations    iteration limit
 * @param timeLimitSeconds wall-clock limit
 */
public record FirstOrderSolver(String name, Tolerances tol, long maxIterations, double timeLimitSeconds)
        implements SelectionSolver {

    /** Iterations between certificate checks (a check costs about one iteration). */
    static final int CHECK_EVERY = 10;
    /** Smoothing is reduced tenfold per stage. */
    private static final double MU_FACTOR = 0.1;

    @Override
    public SelectionResult solve(SelectionProblem problem) {
        return solve(problem, null, System.nanoTime(), "");
    }

    /** Solves from {@code start} (null: a feasible point), timing from {@code startNanos}. */
    SelectionResult solve(SelectionProblem pr, double[] start, long startNanos, String note) {
        int t = pr.size();
        BoundedSimplex bounds = pr.bounds();
        boolean robust = pr.isRobust();
        double[] x = start == null ? bounds.feasiblePoint() : start.clone();
        bounds.project(x, x);
        double[] r = new double[pr.rows()];
        double[] g = new double[t];
        double[] z = new double[t];
        double[] y = x.clone();
        double mu = robust ? 0.1 * Math.max(1, pr.objective(x)) : 0;
        double[] fx = smooth(pr, x, r, mu);
        double L = initialLipschitz(pr);
        double tk = 1;
        long it = 0;
        String stop = "";
        boolean converged = false;
        double[] hint = null;
        while (true) {
            double secs = (System.nanoTime() - startNanos) * 1e-9;
            if (it >= maxIterations) {
                stop = "iteration limit " + maxIterations + " reached";
                break;
            }
            if (secs > timeLimitSeconds) {
                stop = "time limit " + timeLimitSeconds + " s reached";
                break;
            }
            if (it % CHECK_EVERY == 0) {
                double[] w = robust ? softmax(fx, mu) : null;
                Certificate c = Certifier.certify(pr, x, w, tol);
                hint = w;
                if (c.passes(tol)) {
                    converged = true;
                    break;
                }
                if (robust) {
                    // Smoothed-problem gap at x: gradient of F_μ is the λ = softmax gradient.
                    pr.residual(x, r);
                    pr.gradient(x, r, w, g);
                    double sgap = Certifier.dot(g, x) - Certifier.linearMinimum(bounds, g);
                    if (sgap <= mu && mu > 1e-16 * Math.max(1, c.objective())) {
                        mu *= MU_FACTOR;
                        fx = smooth(pr, x, r, mu);
                        System.arraycopy(x, 0, y, 0, t);
                        tk = 1;
                    }
                }
            }
            it++;
            double[] fy = smooth(pr, y, r, mu);
            pr.gradient(y, r, robust ? softmax(fy, mu) : null, g);
            L = projectedStep(pr, y, fy[0], g, r, mu, L, z);
            double tn = extrapolate(x, y, z, tk);
            System.arraycopy(z, 0, x, 0, t);
            fx = smooth(pr, x, r, mu);
            tk = tn;
        }
        double secs = (System.nanoTime() - startNanos) * 1e-9;
        String fullNote = note == null || note.isEmpty() ? stop : stop.isEmpty() ? note : note + "; " + stop;
        return SelectionResult.of(pr, x, hint, tol, converged, null, name, converged ? "converged" : stop, it, secs,
                fullNote);
    }

    /**
     * The projected gradient step z = Π(y − g/L) with backtracking: L doubles until the sufficient-
     * decrease test holds at z. Writes z and returns the accepted L.
     */
    private static double projectedStep(SelectionProblem pr, double[] y, double fy, double[] g, double[] r,
                                        double mu, double lipschitz, double[] z) {
        int t = z.length;
        double L = lipschitz;
        while (true) {
            for (int l = 0; l < t; l++) {
                z[l] = y[l] - g[l] / L;
            }
            pr.bounds().project(z, z);
            double fz = smooth(pr, z, r, mu)[0];
            double lin = 0;
            double quad = 0;
            for (int l = 0; l < t; l++) {
                double d = z[l] - y[l];
                lin += g[l] * d;
                quad += d * d;
            }
            // Relative slack for rounding in the sufficient-decrease test.
            if (fz <= fy + lin + 0.5 * L * quad + 1e-15 * Math.abs(fy) || quad == 0) {
                return L;
            }
            L *= 2;
        }
    }

    /**
     * The momentum step y = z + β(z − x) from the previous iterate x to the new one z, with
     * gradient-based adaptive restart (O'Donoghue & Candès): momentum that points against the step
     * just taken is dropped. Writes y and returns the next momentum parameter.
     */
    private static double extrapolate(double[] x, double[] y, double[] z, double tk) {
        int t = z.length;
        double dir = 0;
        for (int l = 0; l < t; l++) {
            dir += (y[l] - z[l]) * (z[l] - x[l]);
        }
        double tn = dir > 0 ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
        double beta = dir > 0 ? 0 : (tk - 1) / tn;
        for (int l = 0; l < t; l++) {
            y[l] = z[l] + beta * (z[l] - x[l]);
        }
        return tn;
    }

    /**
     * {@code [F_μ(x), f_1(x), …, f_K(x)]}: the objective (smoothed in robust mode) and the block values.
     */
    private static double[] smooth(SelectionProblem pr, double[] x, double[] r, double mu) {
        pr.residual(x, r);
        double[] v = pr.blockValues(r);
        double prior = pr.priorValue(x);
        double[] out = new double[v.length + 1];
        System.arraycopy(v, 0, out, 1, v.length);
        if (!pr.isRobust()) {
            out[0] = pr.combine(v) + prior;
            return out;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : v) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double s : v) {
            sum += Math.exp((s - max) / mu);
        }
        out[0] = max + mu * Math.log(sum) + prior;
        return out;
    }

    /** Softmax of the block values in {@code f[1..]} at temperature {@code mu}. */
    private static double[] softmax(double[] f, double mu) {
        int k = f.length - 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 1; j <= k; j++) {
            max = Math.max(max, f[j]);
        }
        double[] w = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            w[j] = Math.exp((f[j + 1] - max) / mu);
            sum += w[j];
        }
        for (int j = 0; j < k; j++) {
            w[j] /= sum;
        }
        return w;
    }

    /** A starting Lipschitz estimate: twice the mean squared column norm plus the prior (backtracking corrects it). */
    private static double initialLipschitz(SelectionProblem pr) {
        double[] a = pr.matrixUnsafe();
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.max(2 * s / pr.size() + 2 * pr.priorStrength(), 1e-12);
    }
}
