package org.taskmix.theory;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The exact chain-of-thought objective of task selection (docs/theory.md §6):
 * {@code J_K(π) = Σ_t w_t · E‖(I − P(π) Ŝ_m^{(t)})^K‖_F² / d} with {@code w_t = weight_t / Σ weight},
 * with its analytic gradient.
 *
 * <p><b>Normalisation: per-dimension</b> (divided by {@code d}), so for a single target of weight 1
 * {@code J_K(π)} equals {@link Prediction}'s error at {@code k = K} for the same weights and
 * {@code m}. Several targets: the weighted <i>average</i> over targets, weights normalised to 1
 * ({@link TargetAggregate}).
 *
 * <p>Three regimes:
 * <ul>
 *   <li>{@code m = ∞}, any {@code K}: the closed form {@code ‖(I − PΣ)^K‖_F²/d}.</li>
 *   <li>finite {@code m}, {@code K = 1}: the exact formula
 *       {@code ‖I − PΣ‖² + (1/m)(‖PΣ‖² + tr Σ·⟨PΣ, P⟩)}, divided by {@code d}.</li>
 *   <li>finite {@code m}, {@code K > 1}: no closed form is known, so <b>(our choice)</b> a
 *       sample-average approximation with common random numbers: {@code N} test second moments
 *       {@code Ŝ_m} are drawn once from the seed and held fixed, and
 *       {@code J ≈ (1/N) Σ_s ‖(I − PŜ_s)^K‖²/d}. Why: it is a deterministic, smooth function of
 *       {@code π} with an exact gradient (the same formula as {@code m = ∞} with {@code Σ → Ŝ_s}),
 *       so projected gradient with a line search works on it unchanged; a fresh Monte Carlo draw
 *       per evaluation would make the line search compare noise. The price is the usual SAA
 *       bias: the minimiser fits the {@code N} fixed prompts, so check the result with an
 *       independent {@link Prediction} (another seed). Restricting to {@code m = ∞} instead would
 *       miss the finite-{@code m} spread of {@code PŜ_m}'s spectrum, which is what makes long CoT
 *       overshoot at small {@code m}.</li>
 * </ul>
 *
 * <p>Gradient. With {@code R = I − PS}, {@code d‖R^K‖² = 2⟨R^K, Σ_j R^j dR R^{K−1−j}⟩}, so
 * {@code ∂/∂R = 2 Σ_{j<K} (Rᵀ)^j R^K (Rᵀ)^{K−1−j}} (accumulated Horner-style:
 * {@code T ← RᵀT + R^K (R^j)ᵀ}, {@code 2K} products) and {@code ∂/∂P = −(∂/∂R) S}. Through
 * {@code P = Λ̄M̄⁻¹}: {@code ∂P/∂π_ℓ = (Λ_ℓ − PΓ_ℓΛ_ℓ)M̄⁻¹}, hence with {@code H = G M̄⁻¹}
 * ({@code G = ∂J/∂P}), {@code ∂J/∂π_ℓ = ⟨H, Λ_ℓ⟩ − ⟨PᵀH, Γ_ℓΛ_ℓ⟩}: {@code O(d³)} once, then
 * {@code O(d²)} per task.
 *
 * <p>Where {@code M̄(π)} is singular (weights leave a direction uncovered) or the value overflows,
 * the objective is {@code +∞}; a line search then simply rejects that point. Note the population
 * preconditioner is scale-free per direction: along a direction only one task covers, {@code P}
 * does not depend on that task's weight as long as it is positive. So {@code J_K} is continuous
 * on the interior of the simplex but can jump where a weight becomes exactly 0 and a direction
 * loses its only cover (from a finite limit to {@code +∞}); and a tiny weight on such a task is
 * as good as a large one at {@code m = ∞}. That is a property of the population optimum (infinite
 * training data per task), not of the optimiser.
 *
 * <p>Also computes the paper's surrogate {@code Σ_t weight_t ‖I − Σ_t⁻¹Λ̄‖_F²} (un-normalised,
 * as in docs/theory.md §6), so callers can show what the surrogate solution costs.
 */
public final class ExactObjective {

    private final int k;
    private final OptionalInt m;
    private final int d;
    private final DMatrixRMaj[] lambdas;
    private final DMatrixRMaj[] seconds;
    private final ExactTerm[] terms;
    private final boolean parallel;
    private final Sampling sampling;
    private final org.taskmix.catalog.Catalog catalog;
    private final int n;
    private final SymmetricMatrix[] targetCovariances;

    /**
     * How finite-{@code m}, {@code K > 1} objectives are sampled (ignored otherwise).
     *
     * @param samples  number of fixed test prompts per target
     * @param seed     seed of their draws
     * @param parallel evaluate samples on all cores (results identical either way)
     */
    public record Sampling(int samples, long seed, boolean parallel, int holdoutSamples, Statistic statistic) {

        /**
         * 64 fixed prompts to start the sample-average approximation from (the stopping rule of
         * {@link SaaSelection} grows the sample), 1000 fresh ones to check the result; the mean.
         */
        public static final Sampling DEFAULT = new Sampling(64, 1L, true, 1000, Statistic.MEAN);

        public Sampling {
            if (samples < 1) {
                throw new IllegalArgumentException("samples: value " + samples + " must be >= 1");
            }
            if (holdoutSamples < 2) {
                throw new IllegalArgumentException("holdoutSamples: value " + holdoutSamples + " must be >= 2");
            }
            if (statistic == null) {
                statistic = Statistic.MEAN;
            }
        }

        /** The mean statistic. */
        public Sampling(int samples, long seed, boolean parallel, int holdoutSamples) {
            this(samples, seed, parallel, holdoutSamples, Statistic.MEAN);
        }

        /** With 1000 hold-out prompts, the mean statistic. */
        public Sampling(int samples, long seed, boolean parallel) {
            this(samples, seed, parallel, 1000, Statistic.MEAN);
        }

        /** A copy with another sample size and seed. */
        public Sampling with(int newSamples, long newSeed) {
            return new Sampling(newSamples, newSeed, parallel, holdoutSamples, statistic);
        }
    }

    /**
     * Which statistic of the per-prompt error over test prompts {@code J_K} is: the mean (the
     * paper's expectation) or a quantile ({@code q = 0.5}: the median). At finite {@code m} the
     * per-prompt error is heavy-tailed and its mean rests on rare prompts (docs/theory.md §7), so
     * a quantile describes the typical prompt. A quantile is taken of the per-prompt error
     * averaged over {@code w*} ({@code ‖(I − PŜ)^K‖_F²/d}), weighted-summed over targets per
     * prompt index; its gradient is that of the order statistic(s) it interpolates (a
     * piecewise-smooth function: the line search of {@link ExactSelection} copes, but the
     * stationarity certificate is then only local).
     *
     * @param name     "mean", "median" or "qNN"
     * @param quantile the quantile level in (0, 1), NaN for the mean
     */
    public record Statistic(String name, double quantile) {

        /** The mean. */
        public static final Statistic MEAN = new Statistic("mean", Double.NaN);
        /** The median. */
        public static final Statistic MEDIAN = new Statistic("median", 0.5);

        /** True for the mean. */
        public boolean isMean() {
            return Double.isNaN(quantile);
        }

        /**
         * Parses "mean", "median" or "qNN" ({@code NN} a percentage in 1..99, e.g. q90).
         *
         * @throws IllegalArgumentException for anything else
         */
        public static Statistic parse(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("mean")) {
                return MEAN;
            }
            if (t.equals("median") || t.equals("q50")) {
                return MEDIAN;
            }
            if (t.matches("q[0-9]{1,2}")) {
                int pct = Integer.parseInt(t.substring(1));
                if (pct >= 1 && pct <= 99) {
                    return new Statistic(t, pct / 100.0);
                }
            }
            throw new IllegalArgumentException("statistic: value \"" + text
                    + "\" must be \"mean\", \"median\" or a quantile q1..q99 (e.g. q90)");
        }
    }

    /**
     * A Monte Carlo estimate of {@code J_K} on fresh test prompts, with the 95% interval of
     * {@link MonteCarloCurve} (per target; combined over targets with independent draws).
     *
     * @param samples prompts per target
     * @param seed    seed of the draws
     * @param mean    estimate
     * @param ciLow   lower end of the 95% interval
     * @param ciHigh  upper end of the 95% interval
     */
    public record Estimate(int samples, long seed, double mean, double ciLow, double ciHigh) {
    }

    /**
     * True if this objective is a sample statistic over fixed test prompts: finite {@code m} with
     * {@code K > 1}, or finite {@code m} with a quantile statistic (no closed form for either).
     */
    public boolean sampled() {
        return m.isPresent() && (k > 1 || !sampling.statistic().isMean());
    }

    /** The statistic over test prompts (the mean unless a quantile was asked for). */
    public Statistic statistic() {
        return sampling.statistic();
    }

    /**
     * {@code J_K(π)} estimated by Monte Carlo on {@code samples} fresh test prompts per target
     * drawn from {@code seed}: an independent check on a sample-average solution. {@code +∞} with
     * an infinite interval if {@code M̄(π)} is singular.
     */
    public Estimate monteCarlo(double[] pi, int samples, long seed) {
        return FreshPrompts.monteCarlo(this, pi, samples, seed);
    }

    /**
     * @param problem catalog and targets
     * @param k       CoT budget {@code K ≥ 1}
     * @param m       test prompt length, empty for {@code m = ∞}
     * @param n       default training prompt length (tasks with their own {@code n} keep it)
     * @param sampling sampling of the finite-{@code m}, {@code K > 1} objective
     */
    public ExactObjective(Problem problem, int k, OptionalInt m, int n, Sampling sampling) {
        PaperBounds.checkPositive("k", k);
        PaperBounds.checkPositive("n", n);
        if (m.isPresent()) {
            PaperBounds.checkPositive("m", m.getAsInt());
        }
        this.k = k;
        this.m = m;
        this.sampling = sampling;
        this.parallel = sampling.parallel();
        this.d = problem.dim();
        this.catalog = problem.catalog();
        this.n = n;
        this.targetCovariances = problem.targets().stream().map(Target::covariance).toArray(SymmetricMatrix[]::new);
        List<Task> tasks = problem.catalog().tasks();
        this.lambdas = new DMatrixRMaj[tasks.size()];
        this.seconds = new DMatrixRMaj[tasks.size()];
        for (int l = 0; l < tasks.size(); l++) {
            Task t = tasks.get(l);
            lambdas[l] = t.covariance().toEjml();
            seconds[l] = Preconditioner.secondMoment(t.covariance(), t.promptLength(n)).toEjml();
        }
        List<Target> targets = problem.targets();
        this.terms = new ExactTerm[targets.size()];
        double[] w = TargetAggregate.weights(targets);
        for (int t = 0; t < targets.size(); t++) {
            long seed = sampling.seed() + t * 0x9E3779B97F4A7C15L;
            terms[t] = new ExactTerm(targets.get(t), seed, w[t], k, m, sampling);
        }
    }

    /** Sampling settings (used only when {@link #sampled()}). */
    public Sampling sampling() {
        return sampling;
    }

    /** Convenience: the problem's own {@code n} and {@link Sampling#DEFAULT}. */
    public static ExactObjective of(Problem problem, int k, OptionalInt m) {
        return new ExactObjective(problem, k, m, problem.settings().n(), Sampling.DEFAULT);
    }

    /** Number of tasks (length of weight vectors). */
    public int size() {
        return lambdas.length;
    }

    /** CoT budget {@code K}. */
    public int k() {
        return k;
    }

    /** Test prompt length, empty for {@code m = ∞}. */
    public OptionalInt m() {
        return m;
    }

    /** One line saying which objective this is. */
    public String method() {
        if (m.isEmpty()) {
            return "closed form at m = infinity, K = " + k;
        }
        if (!sampled()) {
            return "exact one-step formula at m = " + m.getAsInt();
        }
        String what = statistic().isMean() ? "sample average" : "sample " + statistic().name();
        return what + " over " + sampling.samples() + " fixed test prompts per target (common random numbers,"
                + " seed " + sampling.seed() + ") at m = " + m.getAsInt() + ", K = " + k;
    }

    /** {@code J_K(π)}, per dimension; {@code +∞} where undefined or overflowing. */
    public double value(double[] pi) {
        return evaluate(pi, null);
    }

    /**
     * {@code J_K(π)} and its gradient into {@code grad} (length {@link #size()}). Where the value
     * is {@code +∞} the gradient is filled with NaN and must not be used.
     */
    public double valueAndGradient(double[] pi, double[] grad) {
        if (grad.length != lambdas.length) {
            throw new IllegalArgumentException("gradient buffer has " + grad.length + " entries for "
                    + lambdas.length + " tasks");
        }
        return evaluate(pi, grad);
    }

    /** The paper's surrogate {@code Σ_t weight_t ‖I − Σ_t⁻¹ Λ̄(π)‖_F²}, un-normalised. */
    public double surrogate(double[] pi) {
        checkLength(pi);
        DMatrixRMaj lambdaBar = new DMatrixRMaj(d, d);
        for (int l = 0; l < pi.length; l++) {
            if (pi[l] != 0) {
                CommonOps_DDRM.addEquals(lambdaBar, pi[l], lambdas[l]);
            }
        }
        double total = 0;
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        for (ExactTerm t : terms) {
            if (t.sigmaInverse == null) {
                return Double.POSITIVE_INFINITY;
            }
            CommonOps_DDRM.mult(-1.0, t.sigmaInverse, lambdaBar, x);
            for (int i = 0; i < d; i++) {
                x.add(i, i, 1.0);
            }
            total += t.weight * CotError.frob2(x);
        }
        return total;
    }

    private double evaluate(double[] pi, double[] grad) {
        checkLength(pi);
        DMatrixRMaj lambdaBar = new DMatrixRMaj(d, d);
        DMatrixRMaj mBar = new DMatrixRMaj(d, d);
        for (int l = 0; l < pi.length; l++) {
            if (!(pi[l] >= 0 && Double.isFinite(pi[l]))) {
                throw new IllegalArgumentException("weights[" + l + "]: value " + pi[l] + " must be finite and >= 0");
            }
            if (pi[l] != 0) {
                CommonOps_DDRM.addEquals(lambdaBar, pi[l], lambdas[l]);
                CommonOps_DDRM.addEquals(mBar, pi[l], seconds[l]);
            }
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.symmPosDef(d);
        if (!chol.setA(mBar.copy())) {
            return infinite(grad);
        }
        // P = Λ̄ M̄⁻¹ = (M̄⁻¹ Λ̄)ᵀ since both are symmetric.
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        chol.solve(lambdaBar.copy(), x);
        DMatrixRMaj p = CommonOps_DDRM.transpose(x, null);
        double value = 0;
        DMatrixRMaj g = grad == null ? null : new DMatrixRMaj(d, d);
        if (sampled() && !statistic().isMean()) {
            value = ExactTerm.quantileValue(terms, statistic(), p, g);
            if (!Double.isFinite(value)) {
                return infinite(grad);
            }
        } else for (ExactTerm t : terms) {
            DMatrixRMaj gt = grad == null ? null : new DMatrixRMaj(d, d);
            double v = t.evaluate(p, gt);
            value += t.weight * v;
            if (g != null) {
                CommonOps_DDRM.addEquals(g, t.weight, gt);
            }
        }
        if (!Double.isFinite(value)) {
            return infinite(grad);
        }
        if (grad != null) {
            // H = G M̄⁻¹ = (M̄⁻¹ Gᵀ)ᵀ; ∂J/∂π_ℓ = ⟨H, Λ_ℓ⟩ − ⟨PᵀH, Γ_ℓΛ_ℓ⟩.
            DMatrixRMaj gt = CommonOps_DDRM.transpose(g, null);
            DMatrixRMaj y = new DMatrixRMaj(d, d);
            chol.solve(gt, y);
            DMatrixRMaj h = CommonOps_DDRM.transpose(y, null);
            DMatrixRMaj pth = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multTransA(p, h, pth);
            for (int l = 0; l < lambdas.length; l++) {
                grad[l] = CotError.dot(h, lambdas[l]) - CotError.dot(pth, seconds[l]);
            }
            for (double gl : grad) {
                if (!Double.isFinite(gl)) {
                    return infinite(grad);
                }
            }
        }
        return value;
    }

    /**
     * Per-prompt values of the objective on the fixed prompts, {@code Σ_t weight_t value_{t,i}}
     * (sampled objectives only); {@code null} if {@code M̄(π)} is singular.
     */
    public double[] sampleValues(double[] pi) {
        checkLength(pi);
        if (!sampled()) {
            throw new IllegalStateException("sampleValues: the objective is not sampled (" + method() + ")");
        }
        DMatrixRMaj p;
        try {
            p = Preconditioner.of(catalog, pi, n);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ExactTerm.weightedSampleValues(terms, p);
    }

    /**
     * An estimate of {@code J_K(π)} on {@code samples} fresh test prompts per target drawn from
     * {@code seed} (the same prompts for every {@code π}: common random numbers), for the mean
     * statistic with the <b>control variate</b> {@code H = Σ_t weight_t ‖I − PŜ_t‖_F²/d}, whose
     * mean is known exactly ({@link CotError#oneStepFiniteM}):
     * {@code Ĵ = mean(Y) − β (mean(H) − E H)}, {@code β = cov(Y, H)/var(H)} estimated on the same
     * prompts (an O(1/N) bias). Interval: BCa bootstrap of the adjusted values (shift-equivariant,
     * so computed on values shifted to be non-negative), lower end clipped at 0. For a quantile
     * statistic: the sample quantile of the per-prompt values with its order-statistic interval
     * (no control variate).
     *
     * @return the estimate; {@link FreshEstimate#varianceReduction()} is
     *         {@code var(Y)/var(Y − βH)} (1 without a control variate)
     */
    public FreshEstimate fresh(double[] pi, int samples, long seed) {
        return FreshPrompts.fresh(this, pi, samples, seed);
    }

    /**
     * A fresh-prompt estimate of {@code J_K}.
     *
     * @param samples           prompts per target
     * @param seed              seed of the draws
     * @param value             the estimate (control-variate adjusted mean, or the quantile)
     * @param ciLow             lower end of its 95% interval
     * @param ciHigh            upper end of its 95% interval
     * @param plainMean         the plain sample mean of the per-prompt values
     * @param varianceReduction variance of the plain values over that of the adjusted ones
     * @param statistic         "mean", "median" or "qNN"
     */
    public record FreshEstimate(int samples, long seed, double value, double ciLow, double ciHigh, double plainMean,
                                double varianceReduction, String statistic) {
    }

    private static double infinite(double[] grad) {
        if (grad != null) {
            Arrays.fill(grad, Double.NaN);
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * The fixed test second moments {@code Ŝ_i} of target {@code target} (sampled objectives only),
     * each row-major {@code d × d}: for peers that evaluate the same sample average (src/bench/exact).
     */
    public List<double[]> fixedPrompts(int target) {
        if (!sampled()) {
            throw new IllegalStateException("fixedPrompts: the objective is not sampled (" + method() + ")");
        }
        List<double[]> out = new java.util.ArrayList<>();
        for (DMatrixRMaj s : terms[target].sampled) {
            out.add(s.data.clone());
        }
        return out;
    }

    /** The normalised target weights {@code w_t} (sum 1), in target order. */
    public double[] targetWeights() {
        double[] w = new double[terms.length];
        for (int t = 0; t < terms.length; t++) {
            w[t] = terms[t].weight;
        }
        return w;
    }

    ExactTerm[] terms() {
        return terms;
    }

    org.taskmix.catalog.Catalog catalog() {
        return catalog;
    }

    int n() {
        return n;
    }

    /** Dimension {@code d}. */
    int dim() {
        return d;
    }

    SymmetricMatrix[] targetCovariances() {
        return targetCovariances;
    }

    void checkLength(double[] pi) {
        if (pi.length != lambdas.length) {
            throw new IllegalArgumentException("weights: " + pi.length + " values for " + lambdas.length + " tasks");
        }
    }
}
