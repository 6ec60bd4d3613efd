package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
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
 * <p>Algorithm. Each iteration tries up to three search directions, in order, with a backtracking
 * line search on each:
 * <ol>
 *   <li>for catalogs of at most {@link Settings#NEWTON_MAX_TASKS} tasks, a <b>Newton model</b>
 *       step: the Hessian of {@code J} by forward differences of the analytic gradient
 *       ({@code T} gradient evaluations), its eigenvalues replaced by their absolute values, and
 *       the resulting convex quadratic model minimised over the feasible set (a {@code T}-dimensional
 *       QP, solved by accelerated projected gradient);</li>
 *   <li>a <b>spectral projected gradient</b> step (Birgin–Martínez–Raydan:
 *       {@code proj(π − αg) − π} with the Barzilai–Borwein {@code α});</li>
 *   <li>the <b>Frank–Wolfe</b> direction {@code s − π}.</li>
 * </ol>
 * Why: the feasible set has an exact, cheap projection; {@code J_K} has long curved valleys in
 * which first-order steps need thousands of iterations (measured on a 12-task paper-like
 * catalog: projected gradient alone stopped at 300 iterations with the Frank–Wolfe gap at 10% of
 * {@code J_8}, the Newton model converged in 15), while for large catalogs the {@code T}-gradient
 * Hessian would cost more than it saves.
 *
 * <p>The line search is non-monotone (Grippo–Lampariello–Lucidi, reference = the largest of the
 * last {@link #MEMORY} accepted values) with strict decrease below that reference; every accepted
 * value is therefore below {@code J_K(start)}, and the best point seen is returned, so the
 * surrogate's solution is never made worse.
 *
 * <p>{@code J_K} is not convex, so the certificate is of <b>stationarity</b>, not optimality: the
 * Frank–Wolfe gap {@code gᵀ(π − s)}, {@code s} the vertex minimising {@code gᵀs}, is zero exactly
 * at first-order stationary points (KKT points) of the constrained problem. The projected-gradient
 * norm {@code ‖π − proj(π − g)‖} is reported beside it.
 *
 * <p>For the sample-average objective (finite {@code m}, {@code K > 1}) the start and the result
 * are also evaluated on fresh test prompts (hold-out), and a warning is given if the result is
 * worse there or if the per-prompt errors are heavy-tailed.
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

    /** Non-monotone memory: the line search compares with the worst of the last 10 values. */
    static final int MEMORY = 10;

    /** Halvings before a line search gives up: 2^-60 is below double resolution of any step. */
    static final int MAX_HALVINGS = 60;

    /**
     * Forward-difference step for the Hessian: weights are O(1e-3..1), and the analytic gradient
     * is accurate to ~1e-14 relative, so the error h·|J'''| + 1e-14·|g|/h is near its minimum.
     */
    static final double HESSIAN_STEP = 1e-6;

    /** Model curvature floor relative to the largest: keeps the QP strictly convex. */
    static final double CURVATURE_FLOOR = 1e-8;

    /** Inner QP iterations and their stopping move (both far below any effect on the outer step). */
    static final int QP_ITERATIONS = 5000;
    static final double QP_TOLERANCE = 1e-14;

    /** Mixed into the sampling seed for the hold-out draws, so they differ from the fixed prompts. */
    static final long HOLDOUT_SEED_MIX = 0x5DEECE66DL;

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
     * @param newtonMaxTasks    use the Newton model when the catalog has at most this many tasks
     *                          (0: spectral projected gradient only)
     * @param saa               the SAA procedure for sampled objectives (finite {@code m}, {@code K > 1}
     *                          or a quantile statistic); null: optimise one fixed sample of
     *                          {@code sampling.samples()} prompts, as before the procedure existed
     */
    public record Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                           ExactObjective.Sampling sampling, int newtonMaxTasks, SaaSelection.Settings saa) {

        /**
         * Settings that optimise one fixed sample of {@code sampling.samples()} prompts (no SAA
         * stopping rule; {@link #DEFAULT} has it).
         *
         * @param newtonMaxTasks use the Newton model when the catalog has at most this many tasks
         */
        public Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                        ExactObjective.Sampling sampling, int newtonMaxTasks) {
            this(maxIterations, relativeTolerance, absoluteTolerance, sampling, newtonMaxTasks, null);
        }

        /** A copy with another sampling (seed, statistic) and SAA procedure (null: one fixed sample, no SAA rule). */
        public Settings with(ExactObjective.Sampling newSampling, SaaSelection.Settings newSaa) {
            return new Settings(maxIterations, relativeTolerance, absoluteTolerance, newSampling, newtonMaxTasks,
                    newSaa);
        }

        /**
         * 500 iterations; gap ≤ 1e-6·J: the weights are then stationary to about six digits of
         * the objective, finer than any difference a trained model could show. (Much tighter
         * relative gaps run into the resolution of {@code J}: a first-order step can only win
         * about {@code gap²/curvature}, which falls below {@code 1e-16·J} near 1e-8·J.) The
         * absolute floor 1e-12 (error per dimension) stops the run when {@code J_K} itself
         * approaches 0, where a relative test alone would never be met; no trained model
         * resolves errors that small. Sampled objectives go through the SAA procedure
         * ({@link SaaSelection.Settings#DEFAULT}).
         */
        public static final Settings DEFAULT = new Settings(500, 1e-6, 1e-12, ExactObjective.Sampling.DEFAULT, 64,
                SaaSelection.Settings.DEFAULT);

        /**
         * {@link #DEFAULT} without the SAA procedure: one fixed sample of 64 prompts, not
         * certified. For interactive runs on large catalogs (the demo, reproduce task-selection
         * at d = 50, 20 tasks), where the procedure's extra solves would take tens of minutes;
         * their outputs say the weights are not certified.
         */
        public static final Settings FIXED_SAMPLE = DEFAULT.with(ExactObjective.Sampling.DEFAULT, null);

        /**
         * Up to 64 tasks the Newton model is used: its Hessian costs {@code T} gradient evaluations
         * per iteration, which for small catalogs buys far fewer iterations than first-order steps
         * in the curved valleys of {@code J_K}; beyond that, spectral projected gradient only.
         */
        public static final int NEWTON_MAX_TASKS = 64;

        /** Settings with the default Newton threshold. */
        public Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                        ExactObjective.Sampling sampling) {
            this(maxIterations, relativeTolerance, absoluteTolerance, sampling, NEWTON_MAX_TASKS);
        }

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
     * @param holdoutStart          for the sample-average objective (finite {@code m}, {@code K > 1}):
     *                              {@code J_K} at the start on fresh test prompts; null otherwise
     * @param holdoutResult         the same at the solution; null otherwise
     * @param warnings              plain one-line warnings (overfitting, heavy tails), possibly empty
     * @param saa                   for sampled objectives solved by {@link SaaSelection}: what was
     *                              certified (gap interval, rounds); null otherwise
     */
    public record Result(double[] weights, double[] start, Objectives atStart, Objectives atResult, Status status,
                         int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                         OptionalInt m, String method, ExactObjective.Estimate holdoutStart,
                         ExactObjective.Estimate holdoutResult, List<String> warnings, SaaSelection.Certificate saa) {

        /** A result without an SAA certificate. */
        public Result(double[] weights, double[] start, Objectives atStart, Objectives atResult, Status status,
                      int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                      OptionalInt m, String method, ExactObjective.Estimate holdoutStart,
                      ExactObjective.Estimate holdoutResult, List<String> warnings) {
            this(weights, start, atStart, atResult, status, iterations, evaluations, frankWolfeGap,
                    projectedGradientNorm, k, m, method, holdoutStart, holdoutResult, warnings, null);
        }

        public Result {
            weights = weights.clone();
            start = start.clone();
            warnings = List.copyOf(warnings);
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
        if (m.isPresent() && settings.saa() != null && (k > 1 || !settings.sampling().statistic().isMean())) {
            checkStart(start, feasible);
            return SaaSelection.solve(problem, k, m.getAsInt(), start, feasible, settings, settings.sampling(),
                    settings.saa());
        }
        ExactObjective objective = new ExactObjective(problem, k, m, problem.settings().n(), settings.sampling());
        return solve(objective, start, feasible, settings);
    }

    private static void checkStart(double[] start, BoundedSimplex feasible) {
        if (start.length != feasible.size()) {
            throw new IllegalArgumentException("start has " + start.length + " weights and the feasible set "
                    + feasible.size());
        }
        if (!feasible.contains(start, START_TOLERANCE)) {
            throw new IllegalArgumentException("start: weights " + java.util.Arrays.toString(start)
                    + " are outside the feasible set (bounds and sum 1) by more than " + START_TOLERANCE);
        }
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
                    objective.k(), objective.m(), objective.method(), null, null,
                    List.of("J_K is infinite at the start: the start weights leave a feature direction uncovered"
                            + " (or the error overflows); nothing was optimised"));
        }
        double[] xStart = x.clone();
        double alpha = 1.0 / Math.max(normInf(g), Double.MIN_NORMAL);
        alpha = Math.max(STEP_MIN, Math.min(STEP_MAX, alpha));
        double[] trial = new double[t];
        double[] gTrial = new double[t];
        double[] dir = new double[t];
        double[] xBest = x.clone();
        double[] gBest = g.clone();
        double fBest = f;
        double[] recent = new double[MEMORY];
        java.util.Arrays.fill(recent, f);
        Status status;
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
            // Non-monotone reference (Grippo–Lampariello–Lucidi): the largest of the last MEMORY
            // accepted values. Every accepted value is below it, so by induction below J(start).
            double fRef = Double.NEGATIVE_INFINITY;
            for (double v : recent) {
                fRef = Math.max(fRef, v);
            }
            double fNew = Double.NaN;
            boolean accepted = false;
            boolean newton = t <= settings.newtonMaxTasks();
            for (Direction kind : Direction.values()) {
                if (accepted || (kind == Direction.NEWTON && !newton)) {
                    continue;
                }
                double slope;
                if (kind == Direction.NEWTON) {
                    double[][] hess = hessian(objective, x, g);
                    evaluations += t;
                    if (hess == null) {
                        continue;
                    }
                    double[] y = newtonPoint(hess, x, g, feasible);
                    slope = 0;
                    for (int i = 0; i < t; i++) {
                        dir[i] = y[i] - x[i];
                        slope += g[i] * dir[i];
                    }
                } else if (kind == Direction.SPECTRAL) {
                    for (int i = 0; i < t; i++) {
                        trial[i] = x[i] - alpha * g[i];
                    }
                    feasible.project(trial, trial);
                    slope = 0;
                    for (int i = 0; i < t; i++) {
                        dir[i] = trial[i] - x[i];
                        slope += g[i] * dir[i];
                    }
                } else {
                    // Frank–Wolfe direction s − x: its slope is −gap < 0.
                    double[] sv = feasible.linearMinimizer(g);
                    slope = 0;
                    for (int i = 0; i < t; i++) {
                        dir[i] = sv[i] - x[i];
                        slope += g[i] * dir[i];
                    }
                }
                if (!(slope < 0)) {
                    continue;
                }
                double step = 1;
                for (int h = 0; h <= MAX_HALVINGS; h++, step *= 0.5) {
                    for (int i = 0; i < t; i++) {
                        trial[i] = x[i] + step * dir[i];
                    }
                    fNew = objective.valueAndGradient(trial, gTrial);
                    evaluations++;
                    // Strictly below the reference as well: near a stationary point the Armijo
                    // term falls below the resolution of J, and accepting an equal value would
                    // loop without progress.
                    if (fNew <= fRef + ARMIJO * step * slope && fNew < fRef) {
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
            recent[iterations % MEMORY] = f;
            iterations++;
            gap = frankWolfeGap(feasible, x, g);
            if (f < fBest) {
                fBest = f;
                System.arraycopy(x, 0, xBest, 0, t);
                System.arraycopy(g, 0, gBest, 0, t);
            }
        }
        // The best point seen (the last one unless a non-monotone step went up at the end).
        Objectives atResult = new Objectives(objective.surrogate(xBest), fBest);
        ExactObjective.Estimate hStart = null;
        ExactObjective.Estimate hResult = null;
        List<String> warnings = new ArrayList<>();
        // Inside the SAA procedure (settings.saa() set) the procedure does its own fresh-prompt checks.
        if (objective.sampled() && settings.saa() == null) {
            ExactObjective.Sampling sm = objective.sampling();
            long seed = sm.seed() ^ HOLDOUT_SEED_MIX;
            hStart = objective.monteCarlo(xStart, sm.holdoutSamples(), seed);
            hResult = objective.monteCarlo(xBest, sm.holdoutSamples(), seed);
            if (hResult.ciLow() > hStart.ciHigh()) {
                warnings.add("on " + sm.holdoutSamples() + " fresh test prompts the result is worse than the start ("
                        + Overthinking.fmt(hResult.mean()) + " vs " + Overthinking.fmt(hStart.mean()) + ", beyond the 95%"
                        + " intervals): the average over " + sm.samples() + " fixed prompts overfits them; use more"
                        + " samples or keep the start");
            }
            if (hStart.ciLow() < 0 || hResult.ciLow() < 0) {
                warnings.add("fresh-prompt estimates are heavy-tailed (a 95% interval reaches below 0): a few test"
                        + " prompts make the iteration diverge and dominate J_K at this m and K, so compare the two"
                        + " mixtures with care");
            }
        }
        return new Result(xBest, xStart, atStart, atResult, status, iterations, evaluations,
                frankWolfeGap(feasible, xBest, gBest), projectedGradientNorm(feasible, xBest, gBest), objective.k(),
                objective.m(), objective.method(), hStart, hResult, warnings);
    }

    /** Search directions, tried in this order until one passes the line search. */
    private enum Direction { NEWTON, SPECTRAL, FRANK_WOLFE }

    /**
     * The Hessian of {@code J} by forward differences of the analytic gradient (step
     * {@link #HESSIAN_STEP}), symmetrised; null if a perturbed point is not finite.
     */
    static double[][] hessian(ExactObjective objective, double[] x, double[] g) {
        int t = x.length;
        double[][] h = new double[t][t];
        double[] xp = x.clone();
        double[] gp = new double[t];
        for (int i = 0; i < t; i++) {
            xp[i] = x[i] + HESSIAN_STEP;
            double f = objective.valueAndGradient(xp, gp);
            xp[i] = x[i];
            if (!Double.isFinite(f)) {
                return null;
            }
            for (int j = 0; j < t; j++) {
                h[i][j] = (gp[j] - g[j]) / HESSIAN_STEP;
            }
        }
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                double v = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = v;
                h[j][i] = v;
            }
        }
        return h;
    }

    /**
     * The minimiser over the feasible set of the model {@code gᵀ(y − x) + ½(y − x)ᵀB(y − x)}, with
     * {@code B} the Hessian with its eigenvalues replaced by their absolute values (floored at
     * {@link #CURVATURE_FLOOR} of the largest): a convex model whose minimiser is a descent
     * direction even where {@code J} is not convex (it moves away from saddles instead of towards
     * them). Solved by accelerated projected gradient (FISTA with restarts) in {@code T}
     * dimensions, which is cheap next to one evaluation of {@code J}.
     */
    static double[] newtonPoint(double[][] hess, double[] x, double[] g, BoundedSimplex feasible) {
        int t = x.length;
        org.ejml.data.DMatrixRMaj hm = new org.ejml.data.DMatrixRMaj(hess);
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(t, true, true);
        double[][] b = new double[t][t];
        double lMax = 0;
        if (eig.decompose(hm)) {
            double[] lam = new double[t];
            for (int i = 0; i < t; i++) {
                lam[i] = Math.abs(eig.getEigenvalue(i).getReal());
                lMax = Math.max(lMax, lam[i]);
            }
            double floor = Math.max(lMax * CURVATURE_FLOOR, Double.MIN_NORMAL);
            for (int c = 0; c < t; c++) {
                org.ejml.data.DMatrixRMaj v = eig.getEigenVector(c);
                double l = Math.max(lam[c], floor);
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        b[i][j] += l * v.get(i) * v.get(j);
                    }
                }
            }
            lMax = Math.max(lMax, floor);
        }
        if (!(lMax > 0) || !Double.isFinite(lMax)) {
            return x.clone();
        }
        double step = 1 / lMax;
        double[] y = x.clone();
        double[] z = x.clone();
        double[] next = new double[t];
        double momentum = 1;
        double prevModel = Double.POSITIVE_INFINITY;
        for (int it = 0; it < QP_ITERATIONS; it++) {
            for (int i = 0; i < t; i++) {
                double grad = g[i];
                for (int j = 0; j < t; j++) {
                    grad += b[i][j] * (z[j] - x[j]);
                }
                next[i] = z[i] - step * grad;
            }
            feasible.project(next, next);
            double model = 0;
            double move = 0;
            for (int i = 0; i < t; i++) {
                double pi = next[i] - x[i];
                double bp = 0;
                for (int j = 0; j < t; j++) {
                    bp += b[i][j] * (next[j] - x[j]);
                }
                model += g[i] * pi + 0.5 * pi * bp;
                move = Math.max(move, Math.abs(next[i] - y[i]));
            }
            double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            if (model > prevModel) {
                // Adaptive restart (O'Donoghue–Candès): drop the momentum when the model rises.
                nextMomentum = 1;
                System.arraycopy(y, 0, z, 0, t);
                momentum = 1;
                continue;
            }
            for (int i = 0; i < t; i++) {
                z[i] = next[i] + (momentum - 1) / nextMomentum * (next[i] - y[i]);
            }
            System.arraycopy(next, 0, y, 0, t);
            momentum = nextMomentum;
            prevModel = model;
            if (move <= QP_TOLERANCE) {
                break;
            }
        }
        return y;
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
