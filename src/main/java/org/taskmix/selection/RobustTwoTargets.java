package org.taskmix.selection;

import java.util.List;

/**
 * The robust program with two targets, {@code min_π max(f_1, f_2) + P}, solved exactly through its
 * dual: {@code max_{λ∈[0,1]} h(λ)} with {@code h(λ) = min_π λf_1 + (1−λ)f_2 + P} (a weighted-sum
 * program, solved by {@link ActiveSetSolver}, warm-started from the previous {@code λ}). {@code h}
 * is concave with supergradient {@code f_1(π_λ) − f_2(π_λ)}, so {@code λ*} is found by bisection
 * on its sign. The primal answer is recovered on the segment between the minimisers on both sides
 * of {@code λ*} (both optimal for {@code λ*} in the limit, so the segment lies in the optimal face
 * where the minimiser balancing {@code f_1} and {@code f_2} is robust-optimal), by a ternary
 * search of the convex {@code max(f_1, f_2) + P} along it. The certificate is
 * {@link Certifier}'s robust bound started from {@code λ*}.
 */
final class RobustTwoTargets {

    /** Bisection steps on λ: 2⁻⁵⁰ resolves λ to below double precision around O(1) values. */
    private static final int BISECTION = 50;
    /** Ternary-search steps along the recovery segment ((2/3)^100 ≈ 2e-18). */
    private static final int TERNARY = 100;

    /** The configured solver of the inner weighted-sum programs: its name, tolerances and limits are this one's. */
    private final ActiveSetSolver solver;
    /** {@code solver}'s certificate tolerances: the status of this solve is decided at them. */
    private final Tolerances tol;

    RobustTwoTargets(ActiveSetSolver solver) {
        this.solver = solver;
        this.tol = solver.tolerances();
    }

    SelectionResult solve(SelectionProblem pr, long startNanos) {
        long iterations = 0;
        double[] lo = null;
        double[] hi = null;
        double lamLo = 0;
        double lamHi = 1;
        double[] warm = null;
        // Endpoints first: if one target alone already dominates, the answer is at λ = 0 or 1.
        SelectionResult r0 = inner(pr, 0, warm, startNanos);
        iterations += r0.iterations();
        double[] f0 = pr.targetObjectives(r0.weights().toArray());
        if (f0[0] - f0[1] <= 0) {
            return finish(pr, r0.weights().toArray(), new double[] {0, 1}, iterations, startNanos, "");
        }
        lo = r0.weights().toArray();
        SelectionResult r1 = inner(pr, 1, lo, startNanos);
        iterations += r1.iterations();
        double[] f1 = pr.targetObjectives(r1.weights().toArray());
        if (f1[0] - f1[1] >= 0) {
            return finish(pr, r1.weights().toArray(), new double[] {1, 0}, iterations, startNanos, "");
        }
        hi = r1.weights().toArray();
        warm = lo;
        String note = "";
        for (int it = 0; it < BISECTION; it++) {
            if ((System.nanoTime() - startNanos) * 1e-9 > solver.timeLimitSeconds()) {
                note = "time limit " + solver.timeLimitSeconds() + " s reached in the dual bisection";
                break;
            }
            double mid = 0.5 * (lamLo + lamHi);
            if (mid <= lamLo || mid >= lamHi) {
                break;
            }
            SelectionResult rm = inner(pr, mid, warm, startNanos);
            iterations += rm.iterations();
            double[] fm = pr.targetObjectives(rm.weights().toArray());
            if (fm[0] - fm[1] > 0) {
                lamLo = mid;
                lo = rm.weights().toArray();
            } else {
                lamHi = mid;
                hi = rm.weights().toArray();
            }
            warm = rm.weights().toArray();
        }
        double lambda = 0.5 * (lamLo + lamHi);
        double[] best = balance(pr, lo, hi);
        return finish(pr, best, new double[] {lambda, 1 - lambda}, iterations, startNanos, note);
    }

    /** The weighted-sum program {@code λ f_1 + (1−λ) f_2 + P}, solved exactly. */
    private SelectionResult inner(SelectionProblem pr, double lambda, double[] warm, long startNanos) {
        SelectionProblem w = RobustManyTargets.weighted(pr, new double[] {lambda, 1 - lambda});
        ActiveSetSolver s = solver.withTimeLeft(startNanos);
        return warm == null ? s.solve(w) : s.solve(w, warm);
    }

    /** Minimises {@code max(f_1, f_2) + P} on the segment from {@code x} to {@code y}. */
    private static double[] balance(SelectionProblem pr, double[] x, double[] y) {
        double a = 0;
        double b = 1;
        for (int it = 0; it < TERNARY && b - a > 0; it++) {
            double m1 = a + (b - a) / 3;
            double m2 = b - (b - a) / 3;
            if (pr.objective(mix(x, y, m1)) <= pr.objective(mix(x, y, m2))) {
                b = m2;
            } else {
                a = m1;
            }
        }
        double[] best = mix(x, y, 0.5 * (a + b));
        for (double[] c : new double[][] {x, y}) {
            if (pr.objective(c) < pr.objective(best)) {
                best = c.clone();
            }
        }
        return best;
    }

    private static double[] mix(double[] x, double[] y, double theta) {
        double[] z = new double[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (1 - theta) * x[i] + theta * y[i];
        }
        return z;
    }

    private SelectionResult finish(SelectionProblem pr, double[] w, double[] lambda, long iterations, long startNanos,
                                   String note) {
        double secs = (System.nanoTime() - startNanos) * 1e-9;
        return SelectionResult.of(pr, w, lambda, tol, note.isEmpty(), null, solver.name(),
                "robust, two targets: dual bisection, lambda = " + lambda[0], iterations, secs, note);
    }
}
