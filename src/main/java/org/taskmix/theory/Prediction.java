package org.taskmix.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * What a mixture will do to a model that reasons for {@code k} steps, predicted before any
 * training (docs/theory.md §4–§5): the error curve on each target, the best CoT length {@code k*}, and
 * overthinking diagnostics.
 *
 * <p><b>Normalisation: per-dimension.</b> Every error is {@code E‖w_k − w*‖² / d} with
 * {@code w* ~ N(0, I_d)}. With several targets, the problem-level curve is the weighted average
 * {@code Σ_t w_t · error_t(k)}, {@code w_t = weight_t / Σ weight} ({@link TargetAggregate}, the same
 * combination {@link ExactObjective} minimises).
 *
 * <p>Methods per point: at {@code m = ∞} the closed form; at finite {@code m}, {@code k = 1} by the
 * exact formula and {@code k > 1} by Monte Carlo over test prompts with a 95% interval
 * ({@link MonteCarloCurve}). {@code k*} always comes from the {@code m = ∞} curve over
 * {@code k = 1..kMax}, {@code kMax} the largest requested {@code k}.
 *
 * @param settings     what was asked
 * @param curve        the prediction at the requested {@code m}, one point per requested {@code k}
 * @param mInfinity    the {@code m = ∞} curve for {@code k = 1..kMax} (element {@code k − 1})
 * @param kStar        best CoT length on {@code mInfinity}
 * @param errorAtKStar {@code mInfinity[kStar − 1]}
 * @param overthinking true if the {@code m = ∞} error rises after {@code kStar} within {@code kMax}
 * @param kStarFiniteM best requested {@code k} on the finite-{@code m} curve (point estimates), empty at
 *                     {@code m = ∞}
 * @param overthinkingFiniteM true if, at finite {@code m}, a later requested {@code k} is worse than
 *                     {@code kStarFiniteM} beyond both 95% intervals (false at {@code m = ∞})
 * @param overflow     true if any reported error overflowed the double range ({@code +∞})
 * @param warnings     plain one-line warnings
 * @param targets      per-target predictions and diagnostics
 */
public record Prediction(Settings settings, List<Point> curve, double[] mInfinity, int kStar, double errorAtKStar,
                         boolean overthinking, OptionalInt kStarFiniteM, boolean overthinkingFiniteM, boolean overflow,
                         List<String> warnings, List<TargetPrediction> targets) {

    /** Normalisation label used in every output (docs/formats.md). */
    public static final String NORMALIZATION = "per-dimension";

    /**
     * A mixture concentrated on one task counts as that task if its weight is within 1e-12 of 1:
     * weights read from files are rounded, and the paper's bounds are only stated for one task.
     */
    static final double SINGLE_TASK_TOLERANCE = 1e-12;

    /**
     * The bounds apply when {@code Σ = Λ}; "equal" means relative Frobenius difference at most
     * 1e-9, the same order as the symmetry tolerance on input covariances.
     */
    static final double SAME_COVARIANCE_TOLERANCE = 1e-9;

    /**
     * A bound "holds" if the prediction does not exceed it by more than 1e-9 relative: the
     * prediction carries rounding from {@code k} matrix products, the bound none.
     */
    static final double BOUND_SLACK = 1e-9;

    public Prediction {
        curve = List.copyOf(curve);
        mInfinity = mInfinity.clone();
        warnings = List.copyOf(warnings);
        targets = List.copyOf(targets);
    }

    @Override
    public double[] mInfinity() {
        return mInfinity.clone();
    }

    /** How a point was computed. */
    public enum Method {
        /** {@code ‖(I − PΣ)^k‖_F²/d}, {@code m = ∞}. */
        CLOSED_FORM,
        /** The exact one-step formula at finite {@code m}. */
        EXACT,
        /** Monte Carlo mean over test prompts at finite {@code m}, with a 95% interval. */
        MONTE_CARLO
    }

    /**
     * One point of a curve. For closed-form points every statistic equals {@code error}.
     *
     * <p>At finite {@code m} the per-prompt error is heavy-tailed (docs/theory.md §7), so besides
     * the mean ({@code error}, with a 95% interval that never reaches below 0) a point carries the
     * median with its 95% interval and the 10%/90% quantiles over test prompts. At {@code k = 1}
     * the mean is the exact formula and the quantiles come from the Monte Carlo draws.
     *
     * @param k          CoT length
     * @param error      per-dimension error: the mean over test prompts ({@code +∞} if it overflowed)
     * @param ciLow      lower end of the 95% interval of the mean
     * @param ciHigh     upper end of the 95% interval of the mean
     * @param method     how the mean was computed
     * @param median     median over test prompts
     * @param medianLow  lower end of the 95% interval of the median
     * @param medianHigh upper end of the 95% interval of the median
     * @param q10        10% quantile over test prompts
     * @param q90        90% quantile over test prompts
     */
    public record Point(int k, double error, double ciLow, double ciHigh, Method method, double median,
                        double medianLow, double medianHigh, double q10, double q90) {

        /** A point whose distribution is a single value (closed form or exact without spread known). */
        public Point(int k, double error, double ciLow, double ciHigh, Method method) {
            this(k, error, ciLow, ciHigh, method, error, error, error, error, error);
        }

        /** True if the error overflowed the double range. */
        public boolean overflow() {
            return error == Double.POSITIVE_INFINITY;
        }
    }

    /**
     * What to predict.
     *
     * @param ks       CoT lengths, strictly ascending, each ≥ 1
     * @param m        test prompt length, empty for {@code m = ∞}
     * @param samples  Monte Carlo samples (test prompts) for {@code k > 1} at finite {@code m}
     * @param seed     seed of the Monte Carlo draws
     * @param n        default training prompt length (tasks with their own {@code n} keep it)
     * @param parallel run Monte Carlo samples on all cores (same results either way)
     */
    public record Settings(int[] ks, OptionalLong m, int samples, long seed, int n, boolean parallel) {

        /** Settings with an {@code int} test length (every {@code m} up to 2³¹ − 1). */
        public Settings(int[] ks, OptionalInt m, int samples, long seed, int n, boolean parallel) {
            this(ks, m.isPresent() ? OptionalLong.of(m.getAsInt()) : OptionalLong.empty(), samples, seed, n, parallel);
        }

        public Settings {
            ks = ks.clone();
            CotError.checkKs(ks);
            if (m.isPresent() && m.getAsLong() < 1) {
                throw new IllegalArgumentException("m: value " + m.getAsLong() + " must be >= 1 (or infinity)");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples: value " + samples
                        + " must be >= 2 (a confidence interval needs a spread)");
            }
            if (n < 1) {
                throw new IllegalArgumentException("n: value " + n + " must be >= 1");
            }
        }

        @Override
        public int[] ks() {
            return ks.clone();
        }

        /** Largest requested k. */
        public int kMax() {
            return ks[ks.length - 1];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && Arrays.equals(s.ks, ks) && s.m.equals(m) && s.samples == samples
                    && s.seed == seed && s.n == n && s.parallel == parallel;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ks) * 31 + m.hashCode();
        }

        @Override
        public String toString() {
            return "Settings[ks=" + Arrays.toString(ks) + ", m=" + (m.isPresent() ? m.getAsLong() : "inf")
                    + ", samples=" + samples + ", seed=" + seed + ", n=" + n + "]";
        }
    }

    /**
     * The paper's bounds next to the prediction, present only when they apply: the mixture is a
     * single task whose covariance equals the target's.
     *
     * @param task                 the task
     * @param n                    its training prompt length
     * @param hardness             {@code tr Λ / λ_min}
     * @param oneStepPerDimension  one-step bound at the requested {@code m}, per dimension
     * @param scalingLawPerDimension scaling-law bound per requested {@code k}, per dimension
     * @param holds                true if the {@code m = ∞} prediction is below the scaling law at
     *                             every requested {@code k} and the {@code k = 1} prediction at the
     *                             requested {@code m} is below the one-step bound
     */
    public record BoundCheck(String task, int n, double hardness, double oneStepPerDimension,
                             double[] scalingLawPerDimension, boolean holds) {

        public BoundCheck {
            scalingLawPerDimension = scalingLawPerDimension.clone();
        }

        @Override
        public double[] scalingLawPerDimension() {
            return scalingLawPerDimension.clone();
        }
    }

    /**
     * The prediction on one target.
     *
     * @param name         target name
     * @param weight       target weight
     * @param mInfinity    {@code m = ∞} curve, {@code k = 1..kMax}
     * @param curve        prediction at the requested {@code m}, per requested {@code k}
     * @param monteCarlo   the Monte Carlo estimate at finite {@code m} (every requested k), or null
     * @param overthinking eigen diagnostics and {@code k*} on this target
     * @param bounds       the paper's bounds if they apply, or null
     * @param samples      per-prompt errors at finite {@code m} (every requested k), or null
     */
    public record TargetPrediction(String name, double weight, double[] mInfinity, List<Point> curve,
                                   MonteCarloCurve monteCarlo, Overthinking overthinking, BoundCheck bounds,
                                   CotError.PromptErrors samples) {

        /** A prediction without per-prompt samples kept. */
        public TargetPrediction(String name, double weight, double[] mInfinity, List<Point> curve,
                                MonteCarloCurve monteCarlo, Overthinking overthinking, BoundCheck bounds) {
            this(name, weight, mInfinity, curve, monteCarlo, overthinking, bounds, null);
        }

        public TargetPrediction {
            mInfinity = mInfinity.clone();
            curve = List.copyOf(curve);
        }

        @Override
        public double[] mInfinity() {
            return mInfinity.clone();
        }
    }

    /**
     * Predicts for {@code weights} (catalog order; non-negative, not all zero) on every target of
     * {@code problem}.
     *
     * @throws IllegalArgumentException if the weights do not fit the catalog or the mixture's
     *         second moment is singular
     */
    public static Prediction of(Problem problem, double[] weights, Settings settings) {
        Catalog catalog = problem.catalog();
        checkWeights(catalog, weights);
        Preconditioner.Solved solved = Preconditioner.solve(catalog, weights, settings.n());
        DMatrixRMaj p = solved.p();
        int[] ks = settings.ks();
        int kMax = settings.kMax();
        List<TargetPrediction> perTarget = predictTargets(problem, catalog, weights, solved, settings, ks, kMax);
        double[] mInf;
        List<Point> curve = new ArrayList<>();
        if (perTarget.size() == 1) {
            mInf = perTarget.get(0).mInfinity();
            curve.addAll(perTarget.get(0).curve());
        } else {
            double[] w = TargetAggregate.weights(problem.targets());
            mInf = weightedMInfinity(perTarget, w, kMax);
            for (int j = 0; j < ks.length; j++) {
                curve.add(combine(perTarget, w, j, settings.seed()));
            }
        }
        int kStar = Overthinking.kStar(mInf);
        boolean rises = Overthinking.risesAfter(mInf, kStar);
        List<String> warnings = CurveChecks.infiniteMWarnings(perTarget, kStar, rises);
        OptionalInt kStarFinite = OptionalInt.empty();
        boolean risesFinite = false;
        if (settings.m().isPresent()) {
            int best = CurveChecks.bestPoint(curve);
            kStarFinite = OptionalInt.of(curve.get(best).k());
            risesFinite = CurveChecks.risesBeyondIntervals(curve, best);
            if (risesFinite) {
                warnings.add("at m = " + settings.m().getAsLong() + " the error rises after k = " + kStarFinite.getAsInt()
                        + " (beyond the 95% intervals): finite test prompts spread the spectrum of P*S_m, so long"
                        + " CoT overshoots" + (kStarFinite.getAsInt() < kStar ? " earlier than at m = inf" : ""));
            }
            CurveChecks.heavyTailWarning(curve).ifPresent(warnings::add);
        }
        return new Prediction(settings, curve, mInf, kStar, mInf[kStar - 1], rises, kStarFinite, risesFinite,
                CurveChecks.overflows(curve, mInf), warnings, perTarget);
    }

    /** The prediction on every target of {@code problem}, in order. */
    private static List<TargetPrediction> predictTargets(Problem problem, Catalog catalog, double[] weights,
                                                         Preconditioner.Solved p, Settings settings, int[] ks,
                                                         int kMax) {
        List<TargetPrediction> perTarget = new ArrayList<>();
        for (int t = 0; t < problem.targets().size(); t++) {
            Target target = problem.targets().get(t);
            // Distinct, reproducible streams per target; target 0 uses the seed itself so a
            // single-target prediction equals CotError.monteCarlo with the same seed.
            long seed = settings.seed() + t * 0x9E3779B97F4A7C15L;
            perTarget.add(predictTarget(catalog, weights, p, target, settings, ks, kMax, seed));
        }
        return perTarget;
    }

    /** {@code Σ_t w_t · mInfinity_t(k)} for {@code k = 1..kMax}, summed in target order. */
    private static double[] weightedMInfinity(List<TargetPrediction> perTarget, double[] w, int kMax) {
        double[] mInf = new double[kMax];
        for (int t = 0; t < perTarget.size(); t++) {
            double[] c = perTarget.get(t).mInfinity();
            for (int k = 0; k < kMax; k++) {
                mInf[k] += w[t] * c[k];
            }
        }
        return mInf;
    }

    private static TargetPrediction predictTarget(Catalog catalog, double[] weights, Preconditioner.Solved solved,
                                                  Target target, Settings settings, int[] ks, int kMax, long seed) {
        SymmetricMatrix sigma = target.covariance();
        DMatrixRMaj p = solved.p();
        // The eigenvalues of PΣ (a d³ decomposition, single-threaded in EJML) are found beside the
        // m = ∞ curve's products instead of after them; for Σ = c·I from the symmetric
        // S = L⁻¹Λ̄L⁻ᵀ instead of the general PΣ (docs/theory.md §8).
        java.util.concurrent.ForkJoinTask<List<Overthinking.Direction>> directions =
                java.util.concurrent.ForkJoinTask.adapt(() -> ScalarTargetSpectrum.applies(sigma)
                        ? ScalarTargetSpectrum.directions(solved, ScalarTargetSpectrum.scale(sigma))
                        : Overthinking.directions(p, sigma)).fork();
        double[] mInf = singleTask(weights) && ScalarTargetSpectrum.applies(sigma)
                ? CotError.infiniteMSymmetric(p, sigma, kMax) : CotError.infiniteM(p, sigma, kMax);
        List<Point> curve = new ArrayList<>();
        MonteCarloCurve mc = null;
        CotError.PromptErrors values = null;
        if (settings.m().isEmpty()) {
            for (int k : ks) {
                double e = mInf[k - 1];
                curve.add(new Point(k, e, e, e, Method.CLOSED_FORM));
            }
        } else {
            long m = settings.m().getAsLong();
            // Every k, k = 1 included, is drawn: the mean at k = 1 is exact, but its median and
            // quantiles are not known in closed form.
            values = CotError.monteCarloValues(p, sigma, m, ks,
                    new CotError.MonteCarloSettings(settings.samples(), seed, settings.parallel()));
            mc = MonteCarloCurve.summarise(m, ks, values, seed);
            for (int j = 0; j < ks.length; j++) {
                int k = ks[j];
                ErrorSummary st = mc.stats()[j];
                if (k == 1) {
                    double e = CotError.oneStepFiniteM(p, sigma, m);
                    curve.add(new Point(1, e, e, e, Method.EXACT, st.median(), st.medianLow(), st.medianHigh(),
                            st.q10(), st.q90()));
                } else {
                    curve.add(new Point(k, st.mean(), st.ciLow(), st.ciHigh(), Method.MONTE_CARLO, st.median(),
                            st.medianLow(), st.medianHigh(), st.q10(), st.q90()));
                }
            }
        }
        Overthinking ot = Overthinking.of(directions.join(), sigma.dim(), mInf);
        BoundCheck bounds = boundCheck(catalog, weights, p, target, settings, ks, mInf);
        return new TargetPrediction(target.name(), target.weight(), mInf, curve, mc, ot, bounds, values);
    }

    /** True if exactly one weight is non-zero (a single-task mixture). */
    static boolean singleTask(double[] weights) {
        int nonZero = 0;
        for (double w : weights) {
            if (w != 0) {
                nonZero++;
            }
        }
        return nonZero == 1;
    }

    /**
     * The problem-level point {@code Σ_t w_t · error_t} ({@link TargetAggregate}'s weights, normalised to 1) at index {@code j}. At finite
     * {@code m} the per-prompt values are combined as {@code v_i = Σ_t weight_t e_t,i}, prompt
     * {@code i} of each target (the targets' draws are independent, so the {@code v_i} are
     * i.i.d. with mean exactly the weighted mean): the interval of the mean, the median and the
     * quantiles are those of {@code v} (the weighted error of one test prompt per target).
     */
    private static Point combine(List<TargetPrediction> perTarget, double[] w, int j, long seed) {
        double error = 0;
        int k = perTarget.get(0).curve().get(j).k();
        for (int t = 0; t < perTarget.size(); t++) {
            error += w[t] * perTarget.get(t).curve().get(j).error();
        }
        Method method = perTarget.get(0).curve().get(j).method();
        if (perTarget.get(0).samples() == null) {
            return new Point(k, error, error, error, method);
        }
        int n = perTarget.get(0).samples().expected().length;
        double[][] v = new double[n][1];
        double[][] r = new double[n][1];
        for (int t = 0; t < perTarget.size(); t++) {
            double[][] x = perTarget.get(t).samples().expected();
            double[][] y = perTarget.get(t).samples().realised();
            for (int i = 0; i < n; i++) {
                v[i][0] += w[t] * x[i][j];
                r[i][0] += w[t] * y[i][j];
            }
        }
        ErrorSummary st = ErrorSummary.ofColumns(v, r, seed + j)[0];
        if (method == Method.EXACT) {
            // The mean is exact (a weighted sum of exact means); only the spread is sampled.
            return new Point(k, error, error, error, method, st.median(), st.medianLow(), st.medianHigh(), st.q10(),
                    st.q90());
        }
        if (error == Double.POSITIVE_INFINITY) {
            return new Point(k, error, error, error, method, st.median(), st.medianLow(), st.medianHigh(), st.q10(),
                    st.q90());
        }
        return new Point(k, error, st.ciLow(), st.ciHigh(), method, st.median(), st.medianLow(), st.medianHigh(),
                st.q10(), st.q90());
    }

    private static BoundCheck boundCheck(Catalog catalog, double[] weights, DMatrixRMaj p, Target target,
                                         Settings settings, int[] ks, double[] mInf) {
        int single = -1;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] >= total * (1 - SINGLE_TASK_TOLERANCE)) {
                single = i;
            }
        }
        if (single < 0) {
            return null;
        }
        Task task = catalog.task(single);
        SymmetricMatrix lambda = task.covariance();
        SymmetricMatrix sigma = target.covariance();
        double diff = lambda.combine(1, sigma, -1).frobeniusNorm();
        if (diff > SAME_COVARIANCE_TOLERANCE * sigma.frobeniusNorm()) {
            return null;
        }
        int n = task.promptLength(settings.n());
        double hard = PaperBounds.hardness(lambda);
        double[] law = new double[ks.length];
        boolean holds = true;
        for (int j = 0; j < ks.length; j++) {
            law[j] = PaperBounds.scalingLawPerDimension(n, hard, ks[j]);
            holds &= mInf[ks[j] - 1] <= law[j] * (1 + BOUND_SLACK);
        }
        double oneStep = PaperBounds.oneStepPerDimension(n, settings.m(), hard);
        double k1 = settings.m().isEmpty() ? mInf[0] : CotError.oneStepFiniteM(p, sigma, settings.m().getAsLong());
        holds &= k1 <= oneStep * (1 + BOUND_SLACK);
        return new BoundCheck(task.name(), n, hard, oneStep, law, holds);
    }

    static void checkWeights(Catalog catalog, double[] weights) {
        if (weights.length != catalog.size()) {
            throw new IllegalArgumentException("weights: " + weights.length + " values for " + catalog.size()
                    + " tasks");
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weights." + catalog.task(i).name() + ": value " + weights[i]
                        + " must be finite and >= 0");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights: all zero; at least one task needs a positive weight");
        }
    }
}
