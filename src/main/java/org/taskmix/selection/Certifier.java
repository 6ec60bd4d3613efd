package org.taskmix.selection;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * Computes the {@link Certificate} of any weight vector: our own optimality check, applied to every
 * backend's answer, in the reduced form (cost: one pass over the {@code rows × T} matrix).
 *
 * <p><b>Weighted sum.</b> {@code f} is convex, so for every feasible {@code s},
 * {@code f(s) ≥ f(π) + gᵀ(s − π)}; minimising the right side over the feasible set (a linear
 * program solved exactly by {@link BoundedSimplex#linearMinimizer}) gives the lower bound
 * {@code f(π) − gap} with the Frank–Wolfe gap {@code gap = gᵀπ − min_s gᵀs}.
 *
 * <p><b>Robust.</b> {@code F(π) = max_k f_k(π) + P(π)}. For any target weighting {@code λ} in the
 * simplex, {@code F(s) ≥ Σ_k λ_k [f_k(π) + g_kᵀ(s − π)] + P(π) + ∇P(π)ᵀ(s − π)}, so
 * {@code L(λ) = Σ_k λ_k f_k(π) + P(π) + min_s G_λᵀ(s − π)} with {@code G_λ = Σ_k λ_k g_k + ∇P} is a
 * lower bound on the optimum for every {@code λ}. {@code L} is concave; the certifier maximises it
 * from the solver's hint (exactly by bisection for two targets, by exponentiated-gradient ascent
 * for more) and reports the best bound found. At an exact robust optimum the KKT multipliers
 * {@code λ*} make the gap zero.
 */
public final class Certifier {

    /** Bisection steps on {@code λ ∈ [0, 1]} for two targets: 2⁻⁶⁰ is below double resolution. */
    private static final int BISECTION_STEPS = 60;
    /** Exponentiated-gradient steps for three or more targets (each costs K·T). */
    private static final int ASCENT_STEPS = 300;

    private Certifier() {
    }

    /** The certificate of {@code pi} (SUM problems, or robust with no hint). */
    public static Certificate certify(SelectionProblem problem, double[] pi, Tolerances tol) {
        return certify(problem, pi, null, tol);
    }

    /**
     * The certificate of {@code pi}.
     *
     * @param lambdaHint robust mode: a target weighting to start the bound search from, or null
     * @param tol        tolerances; {@code tol.feasibility()} is also the distance within which a
     *                   weight counts as on its bound for the KKT residual
     */
    public static Certificate certify(SelectionProblem problem, double[] pi, double[] lambdaHint, Tolerances tol) {
        return certify(problem, pi, lambdaHint, tol, null);
    }

    /**
     * {@link #certify(SelectionProblem, double[], double[], Tolerances)} taking the residual (and
     * the gradient) from {@code known} when it was made at {@code pi}, else from
     * {@link SelectionProblem#evaluate}: the same numbers either way.
     */
    static Certificate certify(SelectionProblem problem, double[] pi, double[] lambdaHint, Tolerances tol,
                               Evaluation known) {
        int t = problem.size();
        if (pi.length != t) {
            throw new IllegalArgumentException(pi.length + " weights for " + t + " tasks");
        }
        BoundedSimplex bounds = problem.bounds();
        double sum = 0;
        double violation = 0;
        for (int l = 0; l < t; l++) {
            if (!Double.isFinite(pi[l])) {
                throw new IllegalArgumentException("weight of task \"" + problem.names().get(l) + "\" is " + pi[l]);
            }
            sum += pi[l];
            violation = Math.max(violation, Math.max(bounds.lower(l) - pi[l], pi[l] - bounds.upper(l)));
        }
        double primal = Math.abs(sum - 1);
        Evaluation e = known != null && known.isAt(pi) ? known : problem.evaluate(pi, null);
        double[] r = e.residualUnsafe();
        double[] values = e.blockValues();
        double prior = problem.priorValue(pi);
        double objective = problem.combine(values) + prior;
        int k = values.length;
        double[] g;
        double[] lambda;
        double lowerBound;
        if (!problem.isRobust()) {
            g = e.gradientUnsafe();
            lambda = new double[k];
            Arrays.fill(lambda, 1.0);
            double minValue = linearMinimum(bounds, g);
            double gpi = dot(g, pi);
            lowerBound = objective - Math.max(0, gpi - minValue);
            // Rounding can make gᵀπ − min gᵀs slightly negative at a vertex; the gap is ≥ 0 by definition.
        } else {
            g = new double[t];
            double[][] gk = blockGradients(problem, r);
            double[] priorGrad = priorGradient(problem, pi);
            Bound best = robustBound(bounds, pi, values, prior, gk, priorGrad, lambdaHint);
            lambda = best.lambda;
            lowerBound = best.value;
            combineGradient(gk, priorGrad, lambda, g);
        }
        double gap = Math.max(0, objective - lowerBound);
        double[] kkt = kkt(bounds, pi, g, tol.feasibility());
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        return new Certificate(objective, gap, objective - gap, primal, Math.max(0, violation), kkt[0], kkt[1], scale,
                lambda);
    }

    /** {@code min_{s feasible} gᵀs}. */
    static double linearMinimum(BoundedSimplex bounds, double[] g) {
        return dot(g, bounds.linearMinimizer(g));
    }

    static double dot(double[] x, double[] y) {
        return Dots.dot1(x, 0, y, 0, x.length);
    }

    /**
     * KKT stationarity residual and its multiplier. With {@code A} the largest gradient over weights
     * that may decrease (inside or at an upper bound) and {@code B} the smallest over weights that
     * may increase (inside or at a lower bound), the residual {@code max(0, A − ν, ν − B)} is
     * minimised at {@code ν = (A + B)/2} with value {@code max(0, (A − B)/2)}.
     */
    static double[] kkt(BoundedSimplex bounds, double[] pi, double[] g, double activeTol) {
        double a = Double.NEGATIVE_INFINITY;
        double b = Double.POSITIVE_INFINITY;
        for (int l = 0; l < pi.length; l++) {
            double lo = bounds.lower(l);
            double hi = bounds.upper(l);
            if (hi - lo <= 2 * activeTol) {
                continue;
            }
            boolean atLower = pi[l] - lo <= activeTol;
            boolean atUpper = hi - pi[l] <= activeTol;
            if (!atLower) {
                a = Math.max(a, g[l]);
            }
            if (!atUpper) {
                b = Math.min(b, g[l]);
            }
        }
        if (a == Double.NEGATIVE_INFINITY && b == Double.POSITIVE_INFINITY) {
            return new double[] {0, 0};
        }
        if (a == Double.NEGATIVE_INFINITY) {
            return new double[] {0, b};
        }
        if (b == Double.POSITIVE_INFINITY) {
            return new double[] {0, a};
        }
        return new double[] {Math.max(0, 0.5 * (a - b)), 0.5 * (a + b)};
    }

    /** {@code 2γ(π − π_prior)}, the prior's share of the gradient; zeros without a prior. */
    static double[] priorGradient(SelectionProblem problem, double[] pi) {
        double[] g = new double[pi.length];
        double gamma = problem.priorStrength();
        if (gamma > 0) {
            double[] q = problem.prior().weightsUnsafe();
            for (int l = 0; l < g.length; l++) {
                g[l] = 2 * gamma * (pi[l] - q[l]);
            }
        }
        return g;
    }

    /** Per-block gradients {@code g_k = 2 A_kᵀ r_k}, one pass over the matrix. */
    static double[][] blockGradients(SelectionProblem problem, double[] r) {
        int t = problem.size();
        int rows = problem.rows();
        var blocks = problem.blocks();
        double[][] gk = new double[blocks.size()][t];
        double[] a = problem.matrixUnsafe();
        Parallel.forRange(t, rows, (from, to) -> {
            for (int l = from; l < to; l++) {
                for (int k = 0; k < blocks.size(); k++) {
                    SelectionProblem.Block bl = blocks.get(k);
                    double s = 0;
                    int off = l * rows + bl.offset();
                    for (int i = 0; i < bl.rows(); i++) {
                        s += a[off + i] * r[bl.offset() + i];
                    }
                    gk[k][l] = 2 * s;
                }
            }
        });
        return gk;
    }

    static void combineGradient(double[][] gk, double[] priorGrad, double[] lambda, double[] g) {
        for (int l = 0; l < g.length; l++) {
            double s = priorGrad[l];
            for (int k = 0; k < gk.length; k++) {
                s += lambda[k] * gk[k][l];
            }
            g[l] = s;
        }
    }

    private record Bound(double value, double[] lambda, double[] superGradient) {
    }

    private static Bound evaluate(BoundedSimplex bounds, double[] pi, double[] values, double prior, double[][] gk,
                                  double[] priorGrad, double[] lambda) {
        int t = pi.length;
        int k = values.length;
        double[] g = new double[t];
        combineGradient(gk, priorGrad, lambda, g);
        double[] s = bounds.linearMinimizer(g);
        double value = prior;
        double[] sg = new double[k];
        double priorLin = 0;
        for (int l = 0; l < t; l++) {
            priorLin += priorGrad[l] * (s[l] - pi[l]);
        }
        value += priorLin;
        for (int j = 0; j < k; j++) {
            double lin = 0;
            for (int l = 0; l < t; l++) {
                lin += gk[j][l] * (s[l] - pi[l]);
            }
            sg[j] = values[j] + lin;
            value += lambda[j] * sg[j];
        }
        return new Bound(value, lambda.clone(), sg);
    }

    private static Bound robustBound(BoundedSimplex bounds, double[] pi, double[] values, double prior,
                                     double[][] gk, double[] priorGrad, double[] hint) {
        int k = values.length;
        Bound best = null;
        java.util.List<double[]> candidates = new java.util.ArrayList<>();
        if (hint != null && hint.length == k) {
            candidates.add(normalised(hint));
        }
        double[] uniform = new double[k];
        Arrays.fill(uniform, 1.0 / k);
        candidates.add(uniform);
        for (int j = 0; j < k; j++) {
            double[] e = new double[k];
            e[j] = 1;
            candidates.add(e);
        }
        for (double[] c : candidates) {
            Bound b = evaluate(bounds, pi, values, prior, gk, priorGrad, c);
            if (best == null || b.value > best.value) {
                best = b;
            }
        }
        if (k == 2) {
            // L(λ, 1−λ) is concave in λ; bisect on the sign of its supergradient sg_0 − sg_1.
            double lo = 0;
            double hi = 1;
            for (int it = 0; it < BISECTION_STEPS; it++) {
                double mid = 0.5 * (lo + hi);
                Bound b = evaluate(bounds, pi, values, prior, gk, priorGrad, new double[] {mid, 1 - mid});
                if (b.value > best.value) {
                    best = b;
                }
                if (b.superGradient[0] - b.superGradient[1] > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        } else {
            double[] lambda = best.lambda.clone();
            Bound cur = best;
            for (int it = 0; it < ASCENT_STEPS; it++) {
                double span = 0;
                for (double v : cur.superGradient) {
                    span = Math.max(span, Math.abs(v - cur.value));
                }
                if (span == 0) {
                    break;
                }
                double eta = 2.0 / Math.sqrt(it + 1) / span;
                double z = 0;
                for (int j = 0; j < k; j++) {
                    lambda[j] *= Math.exp(eta * (cur.superGradient[j] - cur.value));
                    lambda[j] = Math.max(lambda[j], 1e-300);
                    z += lambda[j];
                }
                for (int j = 0; j < k; j++) {
                    lambda[j] /= z;
                }
                cur = evaluate(bounds, pi, values, prior, gk, priorGrad, lambda);
                if (cur.value > best.value) {
                    best = cur;
                }
            }
        }
        return best;
    }

    private static double[] normalised(double[] v) {
        double s = 0;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(0, Double.isFinite(v[i]) ? v[i] : 0);
            s += out[i];
        }
        if (!(s > 0)) {
            Arrays.fill(out, 1.0 / v.length);
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] /= s;
        }
        return out;
    }
}
