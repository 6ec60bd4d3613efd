package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.Doubles;
import org.taskmix.selection.BoundedSimplex;
import org.taskmix.selection.SimplexQuasiNewton;

/**
 * Task selection on the exact CoT objective {@link ExactObjective} {@code J_K(π)}, started from a
 * given point (normally the surrogate's solution), over the bounded simplex of the problem's
 * weight limits.
 *
 * <p>Algorithm: the projected quasi-Newton method {@link SimplexQuasiNewton} (docs/theory.md §7.6):
 * each iteration minimises a damped-BFGS quadratic model of {@code J_K} exactly over the bounded
 * simplex (the face it lands on is the active face; on it the step is the quasi-Newton step), then
 * an Armijo backtracking search on the segment; spectral projected gradient and Frank–Wolfe
 * steps are the fallbacks when the model misleads, and the only method for catalogs of more than
 * {@link Settings#QUASI_NEWTON_MAX_TASKS} tasks. Why: {@code J_K} has long curved valleys; the
 * earlier method (a Newton model from a forward-difference Hessian, {@code T} gradients per
 * iteration) needed 505 evaluations on the 20-task paper problem at {@code m = ∞}, BFGS learns the
 * same curvature from one gradient per iteration (measured counts in docs/theory.md §7.6). Every
 * accepted value is strictly below the previous one, so the surrogate's solution is never made
 * worse.
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

    /**
     * Up to 64 tasks the quasi-Newton matrix starts from a forward-difference Hessian ({@code T}
     * gradient evaluations once) instead of a scaled identity. Measured on the 20-task paper
     * problem at {@code m = ∞}, {@code K = 8} (docs/theory.md §7.6): 119 evaluations in all to the
     * old method's optimum, against 206 evaluations to a 0.9% worse stationary point from the
     * identity (the first steps of an identity-started BFGS cross faces with the wrong curvature
     * and settle in another valley). Beyond 64 tasks the {@code T} evaluations outweigh the gain.
     */
    static final int DIFFERENCE_START_MAX_TASKS = 64;

    /** Mixed into the sampling seed for the hold-out draws, so they differ from the fixed prompts. */
    static final long HOLDOUT_SEED_MIX = 0x5DEECE66DL;

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
     * @param quasiNewtonMaxTasks use the quasi-Newton model when the catalog has at most this many
     *                          tasks (0: spectral projected gradient only)
     * @param saa               the SAA procedure for sampled objectives (finite {@code m}, {@code K > 1}
     *                          or a quantile statistic); null: optimise one fixed sample of
     *                          {@code sampling.samples()} prompts, as before the procedure existed
     */
    public record Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                           ExactObjective.Sampling sampling, int quasiNewtonMaxTasks, SaaSelection.Settings saa) {

        /**
         * Settings that optimise one fixed sample of {@code sampling.samples()} prompts (no SAA
         * stopping rule; {@link #DEFAULT} has it).
         *
         * @param quasiNewtonMaxTasks use the quasi-Newton model when the catalog has at most this many tasks
         */
        public Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                        ExactObjective.Sampling sampling, int quasiNewtonMaxTasks) {
            this(maxIterations, relativeTolerance, absoluteTolerance, sampling, quasiNewtonMaxTasks, null);
        }

        /** A copy with another sampling (seed, statistic) and SAA procedure (null: one fixed sample, no SAA rule). */
        public Settings with(ExactObjective.Sampling newSampling, SaaSelection.Settings newSaa) {
            return new Settings(maxIterations, relativeTolerance, absoluteTolerance, newSampling, quasiNewtonMaxTasks,
                    newSaa);
        }

        /**
         * Up to 256 tasks the quasi-Newton model is used: its {@code T × T} matrix and the exact
         * model solve cost {@code O(T²)}–{@code O(T³)} flops per iteration, nothing next to one
         * evaluation of {@code J_K} ({@code O(K d³)} per prompt); beyond that, the dense matrix
         * grows past its worth and spectral projected gradient alone is used.
         */
        public static final int QUASI_NEWTON_MAX_TASKS = 256;

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
        public static final Settings DEFAULT = new Settings(500, 1e-6, 1e-12, ExactObjective.Sampling.DEFAULT,
                QUASI_NEWTON_MAX_TASKS,
                SaaSelection.Settings.DEFAULT);

        /**
         * {@link #DEFAULT} without the SAA procedure: one fixed sample of 64 prompts, not
         * certified. For interactive runs on large catalogs (the demo, reproduce task-selection
         * at d = 50, 20 tasks), where the procedure's extra solves would take tens of minutes;
         * their outputs say the weights are not certified.
         */
        public static final Settings FIXED_SAMPLE = DEFAULT.with(ExactObjective.Sampling.DEFAULT, null);

        /** Settings with the default quasi-Newton threshold. */
        public Settings(int maxIterations, double relativeTolerance, double absoluteTolerance,
                        ExactObjective.Sampling sampling) {
            this(maxIterations, relativeTolerance, absoluteTolerance, sampling, QUASI_NEWTON_MAX_TASKS);
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
     * What the optimiser did (JSON {@code optimizer}).
     *
     * @param name             {@link #QUASI_NEWTON} or {@link #SPECTRAL}
     * @param evaluations      objective-and-gradient evaluations of {@code J_K} in total (for the SAA
     *                         procedure: over every round and every gap replication)
     * @param quasiNewtonSteps accepted quasi-Newton steps (the last solve)
     * @param fallbackSteps    accepted projected-gradient or Frank–Wolfe steps (the last solve)
     */
    public record Optimizer(String name, int evaluations, int quasiNewtonSteps, int fallbackSteps) {
        /** The projected quasi-Newton method of {@link SimplexQuasiNewton}. */
        public static final String QUASI_NEWTON = "projected quasi-Newton (damped BFGS, exact active-face model step,"
                + " Armijo backtracking)";
        /** Spectral projected gradient only (catalogs above the quasi-Newton threshold). */
        public static final String SPECTRAL = "spectral projected gradient with Frank-Wolfe fallback";

        /** A copy with another total evaluation count. */
        public Optimizer withEvaluations(int total) {
            return new Optimizer(name, total, quasiNewtonSteps, fallbackSteps);
        }
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
     * @param optimizer             which method ran and how its evaluations split; null if unknown
     */
    public record Result(Doubles weights, Doubles start, Objectives atStart, Objectives atResult, Status status,
                         int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                         OptionalInt m, String method, ExactObjective.Estimate holdoutStart,
                         ExactObjective.Estimate holdoutResult, List<String> warnings, SaaSelection.Certificate saa,
                         Optimizer optimizer) {

        /** A result without optimizer details (the evaluation count is still in {@code evaluations}). */
        public Result(Doubles weights, Doubles start, Objectives atStart, Objectives atResult, Status status,
                      int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                      OptionalInt m, String method, ExactObjective.Estimate holdoutStart,
                      ExactObjective.Estimate holdoutResult, List<String> warnings, SaaSelection.Certificate saa) {
            this(weights, start, atStart, atResult, status, iterations, evaluations, frankWolfeGap,
                    projectedGradientNorm, k, m, method, holdoutStart, holdoutResult, warnings, saa, null);
        }

        /** A result without an SAA certificate. */
        public Result(Doubles weights, Doubles start, Objectives atStart, Objectives atResult, Status status,
                      int iterations, int evaluations, double frankWolfeGap, double projectedGradientNorm, int k,
                      OptionalInt m, String method, ExactObjective.Estimate holdoutStart,
                      ExactObjective.Estimate holdoutResult, List<String> warnings) {
            this(weights, start, atStart, atResult, status, iterations, evaluations, frankWolfeGap,
                    projectedGradientNorm, k, m, method, holdoutStart, holdoutResult, warnings, null);
        }

        public Result {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(start, "start");
            warnings = List.copyOf(warnings);
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
        checkStart(start, feasible);
        double[] x = start.clone();
        if (!feasible.contains(start, EXACTLY_FEASIBLE)) {
            // Only a start that misses the set is projected: projecting an exactly feasible point
            // can turn a zero weight into 1e-16, and a positive weight, however small, switches
            // on every direction only that task covers (P(π) is scale-free per direction).
            feasible.project(start, x);
        }
        SimplexQuasiNewton.Result r = SimplexQuasiNewton.minimise(objective::valueAndGradient, x, feasible,
                new SimplexQuasiNewton.Options(settings.maxIterations(), settings.relativeTolerance(),
                        settings.absoluteTolerance(), settings.quasiNewtonMaxTasks(), t <= DIFFERENCE_START_MAX_TASKS));
        Objectives atStart = new Objectives(objective.surrogate(x), r.startValue());
        if (r.status() == SimplexQuasiNewton.Status.NOT_FINITE) {
            return new Result(Doubles.of(x), Doubles.of(x), atStart, atStart, Status.NOT_FINITE, 0, r.evaluations(), Double.NaN, Double.NaN,
                    objective.k(), objective.m(), objective.method(), null, null,
                    List.of("J_K is infinite at the start: the start weights leave a feature direction uncovered"
                            + " (or the error overflows); nothing was optimised"), null, optimizer(r, t, settings));
        }
        double[] xBest = r.x().toArray();
        Objectives atResult = new Objectives(objective.surrogate(xBest), r.value());
        ExactObjective.Estimate hStart = null;
        ExactObjective.Estimate hResult = null;
        List<String> warnings = new ArrayList<>();
        // Inside the SAA procedure (settings.saa() set) the procedure does its own fresh-prompt checks.
        if (objective.sampled() && settings.saa() == null) {
            ExactObjective.Sampling sm = objective.sampling();
            long seed = sm.seed() ^ HOLDOUT_SEED_MIX;
            hStart = objective.monteCarlo(x, sm.holdoutSamples(), seed);
            hResult = objective.monteCarlo(xBest, sm.holdoutSamples(), seed);
            holdoutWarnings(sm, hStart, hResult, warnings);
        }
        return new Result(Doubles.of(xBest), Doubles.of(x), atStart, atResult, status(r.status()), r.iterations(), r.evaluations(),
                r.frankWolfeGap(), SimplexQuasiNewton.projectedGradientNorm(feasible, xBest, r.gradient().toArray()),
                objective.k(), objective.m(), objective.method(), hStart, hResult, warnings, null,
                optimizer(r, t, settings));
    }

    private static Optimizer optimizer(SimplexQuasiNewton.Result r, int t, Settings settings) {
        boolean dense = t <= settings.quasiNewtonMaxTasks();
        return new Optimizer(dense ? Optimizer.QUASI_NEWTON : Optimizer.SPECTRAL, r.evaluations(),
                r.quasiNewtonSteps(), r.fallbackSteps());
    }

    private static Status status(SimplexQuasiNewton.Status s) {
        return switch (s) {
            case CONVERGED -> Status.CONVERGED;
            case MAX_ITERATIONS -> Status.MAX_ITERATIONS;
            case LINE_SEARCH_STALLED -> Status.LINE_SEARCH_STALLED;
            case NOT_FINITE -> Status.NOT_FINITE;
        };
    }

    private static void holdoutWarnings(ExactObjective.Sampling sm, ExactObjective.Estimate hStart,
                                        ExactObjective.Estimate hResult, List<String> warnings) {
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

    /** {@code gᵀ(x − s)} with {@code s} the vertex minimising {@code gᵀs}; ≥ 0 up to rounding. */
    static double frankWolfeGap(BoundedSimplex feasible, double[] x, double[] g) {
        return SimplexQuasiNewton.frankWolfeGap(feasible, x, g);
    }
}
