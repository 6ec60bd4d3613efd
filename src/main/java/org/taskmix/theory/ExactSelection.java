package org.taskmix.theory;

import java.util.OptionalInt;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.selection.BoundedSimplex;

/**
 * Task selection on the exact CoT objective {@link ExactObjective} {@code J_K(π)}, started from a
 * given point (normally the surrogate's solution), over the bounded simplex of the problem's
 * weight limits.
 *
 * <p>Algorithm: spectral projected gradient (Birgin–Martínez–Raydan) with a <i>monotone</i>
 * Armijo backtracking search along the projected direction. Why this scheme: the feasible set has
 * an exact, cheap projection ({@link BoundedSimplex#project}); the Barzilai–Borwein step adapts to
 * the objective's scale, which spans orders of magnitude across {@code K}; and the monotone search
 * guarantees {@code J_K(result) ≤ J_K(start)}, so the surrogate's solution is never made worse.
 * If the projected direction fails the line search, the Frank–Wolfe direction is tried once.
 *
 * <p>{@code J_K} is not convex, so the certificate is of <b>stationarity</b>, not optimality: the
 * Frank–Wolfe gap {@code gᵀ(π − s)}, {@code s} the vertex minimising {@code gᵀs}, is zero exactly
 * at first-order stationary points (KKT points) of the constrained problem. The projected-gradient
 * norm {@code ‖π − proj(π − g)‖} is reported beside it.
 */
public final class ExactSelection {

    /**
     * A start point may miss the feasible set by 1e-6 (the tolerance of weights files printed
     * with 6–8 digits); it is then projected onto the set exactly.
     */
    public static final double START_TOLERANCE = 1e-6;

    /** A start within 1e-12 of the set (rounding of a sum) is used as given, not projected. */
    static final double EXACTLY_FEASIBLE = 1e-12;

    /** Armijo sufficient-decrease constant, the customary 1e-4. */
    static final double ARMIJO = 1e-4;

    /** Halvings before a line search gives up: 2^-60 is below double resolution of any step. */
    static final int MAX_HALVINGS = 60;

    /** Safeguards on the Barzilai–Borwein step length. */
    static final double STEP_MIN = 1e-12;
    static final double STEP_MAX = 1e12;

    private ExactSelection() {
    }

    /** Outcome of the optimisation. */
    public enum Status {
        /** The Frank–Wolfe gap met the tolerance: a stationary point within tolerance. */
        CONVERGED,
        /** Stopped at the iteration limit; the result is still no worse than the start. */
        MAX_ITERATIONS,
        /**
         * No step along the projected or Frank–Wolfe direction decreased {@code J}: the decrease
         * still available is below the resolution of {@code J} (see the reported gap).
         */
        LINE_SEARCH_STALLED,
        /** {@code J_K} is {@code +∞} at the start (uncovered direction or overflow); nothing done. */
        NOT_FINITE
    }

    /**
     * Solver settings.
     *
     * @param maxIterations     iteration limit
     * @param relativeTolerance stop when the Frank–Wolfe gap ≤ {@code absoluteTolerance + relativeTolerance·J}
     * @param absoluteTolerance see above
     * @param sampling          fixed test prompts for finite {@code m}, {@code K > 1}
     */
    public record Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                           ExactObjective.Sampling sampling) {

        /**
         * 500 iterations; gap ≤ 1e-6·J: the weights are then stationary to about six digits of
         * the objective, finer than any difference a trained model could show. (Much tighter
         * relative gaps run into the resolution of {@code J}: a first-order step can only win
         * about {@code gap²/curvature}, which falls below {@code 1e-16·J} near 1e-8·J.)
         */
        public static final Settings DEFAULT = new Settings(500, 1e-6, 0.0, ExactObjective.Sampling.DEFAULT);

        public Settings {
            if (maxIterations < 0) {
                throw new IllegalArgumentException("maxIterations: value " + maxIterations + " must be >= 0");
            }
            if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0: relative " + relativeTolerance
                        + ", absolute " + absoluteTolerance);
            }
            if (sampling == null) {
                sampling = ExactObjective.Sampling.DEFAULT;
            }
        }
    }

    /**
     * Both objectives at one point.
     *
     * @param surrogate the paper's surrogate {@code Σ_t w_t ‖I − Σ_t⁻¹Λ̄‖_F²}, un-normalised
     * @param exact     {@code J_K}, per dimension
     */
    public record Objectives(double surrogate, double exact) {
    }

    /**
     * Result of {@link #solve}.
     *
     * @param weights               the solution, catalog order
     * @param start                 the start point as used (projected onto the feasible set)
     * @param atStart               objectives at the start
     * @param atResult              objectives at the solution
     * @param status                why it stopped
     * @param iterations            accepted steps
     * @param evaluations           objective-and-gradient evaluations
     * @param frankWolfeGap         stationarity certificate at the solution ({@code ≥ 0}; 0 iff stationary)
     * @param projectedGradientNorm {@code ‖π − proj(π − ∇J)‖₂} at the solution
     * @param k                     CoT budget
     * @param m                     test prompt length, empty for {@code m = ∞}
     * @param method                which objective (see {@link ExactObjective#method()})
     */
    public record Result(double[] weights, double[] start, Objectives atStart, Objectives atResult, Status status,
                         int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                         OptionalInt m, String method) {

        public Result {
            weights = weights.clone();
            start = start.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] start() {
            return start.clone();
        }

        /** Relative decrease of {@code J_K} from start to result, in {@code [0, 1]}. */
        public double improvement() {
            double a = atStart.exact();
            double b = atResult.exact();
            return a > 0 && Double.isFinite(a) ? (a - b) / a : 0;
        }
    }

    /** The feasible set of a catalog's weight limits (min, max, fixed). */
    public static BoundedSimplex feasibleSet(Catalog catalog) {
        int t = catalog.size();
        double[] lo = new double[t];
        double[] hi = new double[t];
        for (int i = 0; i < t; i++) {
            WeightLimits w = catalog.task(i).limits();
            lo[i] = w.lower();
            hi[i] = w.upper();
        }
        return new BoundedSimplex(lo, hi);
    }

    /**
     * Minimises {@code J_K} for {@code problem} (its own {@code n}) from {@code start}.
     *
     * @param k     CoT budget {@code K ≥ 1}
     * @param m     test prompt length, empty for {@code m = ∞}
     * @param start feasible start weights, catalog order (e.g. the surrogate's solution); used as
     *              given when within 1e-12 of the set, projected when within {@link #START_TOLERANCE}
     */
    public static Result solve(Problem problem, int k, OptionalInt m, double[] start, BoundedSimplex feasible,
                               Settings settings) {
        ExactObjective objective = new ExactObjective(problem, k, m, problem.settings().n(), settings.sampling());
        return solve(objective, start, feasible, settings);
    }

    /** Minimises a prepared objective from {@code start}. */
    public static Result solve(ExactObjective objective, double[] start, BoundedSimplex feasible, Settings settings) {
        int t = objective.size();
        if (start.length != t || feasible.size() != t) {
            throw new IllegalArgumentException("start has " + start.length + " weights and the feasible set "
                    + feasible.size() + " for " + t + " tasks");
        }
        if (!feasible.contains(start, START_TOLERANCE)) {
            throw new IllegalArgumentException("start: weights " + java.util.Arrays.toString(start)
                    + " are outside the feasible set (bounds and sum 1) by more than " + START_TOLERANCE);
        }
        double[] x = start.clone();
        if (!feasible.contains(start, EXACTLY_FEASIBLE)) {
            // Only a start that misses the set is projected: projecting an exactly feasible point
            // can turn a zero weight into 1e-16, and a positive weight, however small, switches
            // on every direction only that task covers (P(π) is scale-free per direction).
            feasible.project(start, x);
        }
        double[] g = new double[t];
        double f = objective.valueAndGradient(x, g);
        int evaluations = 1;
        Objectives atStart = new Objectives(objective.surrogate(x), f);
        if (!Double.isFinite(f)) {
            return new Result(x, x, atStart, atStart, Status.NOT_FINITE, 0, evaluations, Double.NaN, Double.NaN,
                    objective.k(), objective.m(), objective.method());
        }
        double[] xStart = x.clone();
        double alpha = 1.0 / Math.max(normInf(g), Double.MIN_NORMAL);
        alpha = Math.max(STEP_MIN, Math.min(STEP_MAX, alpha));
        double[] trial = new double[t];
        double[] gTrial = new double[t];
        double[] dir = new double[t];
        Status status = Status.MAX_ITERATIONS;
        int iterations = 0;
        double gap = frankWolfeGap(feasible, x, g);
        while (true) {
            if (gap <= settings.absoluteTolerance() + settings.relativeTolerance() * Math.abs(f)) {
                status = Status.CONVERGED;
                break;
            }
            if (iterations >= settings.maxIterations()) {
                status = Status.MAX_ITERATIONS;
                break;
            }
            // Projected (spectral) gradient direction.
            for (int i = 0; i < t; i++) {
                trial[i] = x[i] - alpha * g[i];
            }
            feasible.project(trial, trial);
            double slope = 0;
            for (int i = 0; i < t; i++) {
                dir[i] = trial[i] - x[i];
                slope += g[i] * dir[i];
            }
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int attempt = 0; attempt < 2 && !accepted; attempt++) {
                if (attempt == 1 || !(slope < 0)) {
                    // Frank–Wolfe direction s − x: its slope is −gap < 0.
                    double[] s = feasible.linearMinimizer(g);
                    slope = 0;
                    for (int i = 0; i < t; i++) {
                        dir[i] = s[i] - x[i];
                        slope += g[i] * dir[i];
                    }
                    if (!(slope < 0)) {
                        break;
                    }
                }
                double step = 1;
                for (int h = 0; h <= MAX_HALVINGS; h++, step *= 0.5) {
                    for (int i = 0; i < t; i++) {
                        trial[i] = x[i] + step * dir[i];
                    }
                    fNew = objective.valueAndGradient(trial, gTrial);
                    evaluations++;
                    // Strict decrease as well: near a stationary point the Armijo term falls below
                    // the resolution of f, and accepting f_new == f would loop without progress.
                    if (fNew <= f + ARMIJO * step * slope && fNew < f) {
                        accepted = true;
                        break;
                    }
                }
            }
            if (!accepted) {
                status = Status.LINE_SEARCH_STALLED;
                break;
            }
            double ss = 0;
            double sy = 0;
            for (int i = 0; i < t; i++) {
                double si = trial[i] - x[i];
                double yi = gTrial[i] - g[i];
                ss += si * si;
                sy += si * yi;
            }
            alpha = sy > 0 ? Math.max(STEP_MIN, Math.min(STEP_MAX, ss / sy)) : STEP_MAX;
            System.arraycopy(trial, 0, x, 0, t);
            System.arraycopy(gTrial, 0, g, 0, t);
            f = fNew;
            iterations++;
            gap = frankWolfeGap(feasible, x, g);
        }
        Objectives atResult = new Objectives(objective.surrogate(x), f);
        return new Result(x, xStart, atStart, atResult, status, iterations, evaluations, gap,
                projectedGradientNorm(feasible, x, g), objective.k(), objective.m(), objective.method());
    }

    /** {@code gᵀ(x − s)} with {@code s} the vertex minimising {@code gᵀs}; ≥ 0 up to rounding. */
    static double frankWolfeGap(BoundedSimplex feasible, double[] x, double[] g) {
        double[] s = feasible.linearMinimizer(g);
        double gap = 0;
        for (int i = 0; i < x.length; i++) {
            gap += g[i] * (x[i] - s[i]);
        }
        return Math.max(0, gap);
    }

    /** {@code ‖x − proj(x − g)‖₂}. */
    static double projectedGradientNorm(BoundedSimplex feasible, double[] x, double[] g) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] - g[i];
        }
        feasible.project(y, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    private static double normInf(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
