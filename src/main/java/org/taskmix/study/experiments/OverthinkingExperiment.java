package org.taskmix.study.experiments;

import static org.taskmix.study.experiments.ComputeVsContextExperiment.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.taskmix.catalog.Problem;
import org.taskmix.study.Study;
import org.taskmix.theory.Overthinking;
import org.taskmix.validation.ChainOfThought;
import org.taskmix.validation.ProgressListener;

/**
 * The paper's overthinking experiment (docs/theory.md §5, §11): one training task whose skills are
 * unevenly strong (the paper: {@code λ_i ∝ 1/i}), a target that needs every skill equally
 * ({@code Σ = I}), one model trained per {@code n}, CoT error against {@code k = 1..kMax}.
 *
 * <p>The paper's trend: error about flat for {@code k ≤ 2}, then rising, fastest for the largest
 * {@code n}. The explanation is the spectrum of {@code PΣ}: a direction with {@code |1 − μ| > 1}
 * grows by that factor at every step, so its squared error by {@code |1 − μ|²}; a longer training
 * context makes {@code P = Γ⁻¹} larger on the weak skills, hence {@code μ} larger.
 */
public final class OverthinkingExperiment {

    /** Command-line name of the experiment. */
    public static final String NAME = "overthinking";

    /** The paper's training prompt lengths. */
    public static final int[] PAPER_NS = {10, 20, 30};

    /** The paper's longest CoT ({@code k = 1..16}). */
    public static final int PAPER_K_MAX = 16;

    /**
     * "About flat" from {@code k = 1} to {@code k = 2}: the error changes by at most 25% (about a
     * tenth of a decade), which on the log-scale error plots of the paper reads as flat next to
     * rises of several decades.
     */
    public static final double FLAT_FACTOR = 1.25;

    private OverthinkingExperiment() {
    }

    /**
     * What to run.
     *
     * @param ns       training prompt lengths, ascending, at least two
     * @param kMax     longest CoT; the table has every {@code k = 1..kMax} ({@code kMax ≥ 2})
     * @param settings training, sampling, threads
     * @param testLengthIsN measure and predict each series at {@code m = n} (the reading m-eq-n,
     *                 {@link Readings}) instead of the problem's {@code m}
     */
    public record Config(int[] ns, int kMax, ExperimentSettings settings, boolean testLengthIsN) {

        /** Measured and predicted at the problem's {@code m} for every {@code n}. */
        public Config(int[] ns, int kMax, ExperimentSettings settings) {
            this(ns, kMax, settings, false);
        }

        /** A copy with the test length rule of a reading ({@code m = n} per series, or the problem's m). */
        public Config withTestLengthIsN(boolean rule) {
            return new Config(ns, kMax, settings, rule);
        }


        public Config {
            ns = Runner.checkNs(ns);
            if (kMax < 2 || kMax > ChainOfThought.MAX_K) {
                throw new IllegalArgumentException("kMax: value " + kMax + " must lie in [2, " + ChainOfThought.MAX_K
                        + "] (the checks compare k = 1 and k = 2)");
            }
            Objects.requireNonNull(settings, "settings");
        }

        /** The paper's {@code n} and {@code k}. */
        public static Config paper(ExperimentSettings settings) {
            return new Config(PAPER_NS, PAPER_K_MAX, settings);
        }

        @Override
        public int[] ns() {
            return ns.clone();
        }
    }

    /**
     * The checks for one {@code n}.
     *
     * @param n                 training prompt length
     * @param ratio21           measured {@code error(2) / error(1)}
     * @param flatToK2          {@code ratio21} within a factor {@link #FLAT_FACTOR} of 1
     * @param kStarMeasured     {@code k} with the lowest measured mean
     * @param rises             some measured error after {@code kStarMeasured} is above the one there
     *                          beyond both 95% intervals
     * @param growthMeasured    mean per-step factor of the measured error over {@code k = 1..kMax},
     *                          {@code (e(kMax)/e(1))^(1/(kMax−1))}
     * @param growthFiniteM     the same on the finite-{@code m} prediction
     * @param growthInfiniteM   the same on the {@code m = ∞} closed form
     * @param ratio21InfiniteM  {@code error(2)/error(1)} at {@code m = ∞}
     * @param asymptoticGrowth  {@code max|1 − μ|²}: the per-step factor the {@code m = ∞} error tends to
     * @param growingDirections number of eigenvalues with {@code |1 − μ| > 1}
     * @param muMin             smallest real part of the {@code μ} (single task: all real)
     * @param muMax             largest real part
     */
    public record PerN(int n, double ratio21, boolean flatToK2, int kStarMeasured, boolean rises,
                       double growthMeasured, double growthFiniteM, double growthInfiniteM, double ratio21InfiniteM,
                       double asymptoticGrowth, int growingDirections, double muMin, double muMax) {
    }

    /**
     * All checks.
     *
     * @param perN                  one per {@code n}, in order
     * @param fastestForLargestN    measured growth per step strictly increases with {@code n}
     * @param fastestTheory         the same on the finite-{@code m} prediction
     * @param theoryRisesFromK1     at {@code m = ∞} the error at {@code k = 2} exceeds {@code k = 1} for every {@code n}
     * @param heavyTailed           some measured 95% interval reaches below zero (a few test prompts
     *                              dominate the mean; the mean is then a rough estimate)
     */
    public record Checks(List<PerN> perN, boolean fastestForLargestN, boolean fastestTheory,
                         boolean theoryRisesFromK1, boolean heavyTailed) {

        public Checks {
            perN = List.copyOf(perN);
        }
    }

    /**
     * Outcome.
     *
     * @param problem problem name
     * @param d       dimension
     * @param m       test prompt length
     * @param config  what was run
     * @param series  one per {@code n}
     * @param checks  the paper's claims checked
     * @param seconds wall-clock time
     */
    public record Result(String problem, int d, int m, Config config, List<Series> series, Checks checks,
                         double seconds) implements Series.Table {

        public Result {
            series = List.copyOf(series);
        }

        /** Plain-language comparison with the paper's reported trend. */
        public List<String> verdict() {
            return OverthinkingExperiment.verdict(this);
        }
    }

    /**
     * Runs the experiment on {@code problem}'s single task and first target.
     *
     * @throws IllegalArgumentException if the catalog has more than one task
     */
    public static Result run(Problem problem, Config config, ProgressListener progress) {
        Runner.requireOneTask(NAME, problem);
        long t0 = System.nanoTime();
        int[] ks = Study.range(config.kMax());
        List<Series> series = Runner.perN(problem, config.ns(), config.testLengthIsN(), ks, ks, config.settings(),
                progress);
        return new Result(problem.name(), problem.dim(), problem.settings().m(), config, series,
                checks(series, config.kMax()), (System.nanoTime() - t0) / 1e9);
    }

    static Checks checks(List<Series> series, int kMax) {
        List<PerN> per = new ArrayList<>();
        boolean heavy = false;
        boolean fromK1 = true;
        for (Series s : series) {
            double[] e = s.measuredCurve();
            int kStar = 1;
            for (int k = 2; k <= kMax; k++) {
                if (e[k - 1] < e[kStar - 1]) {
                    kStar = k;
                }
            }
            // A later k above the best beyond both intervals (not only kMax: at the largest k the
            // per-prompt errors are so heavy-tailed that the normal interval can reach below 0).
            boolean rises = false;
            for (int k = kStar + 1; k <= kMax; k++) {
                rises |= s.row(k).measuredLow() > s.row(kStar).measuredHigh();
            }
            double ratio = e[1] / e[0];
            for (Row r : s.rows()) {
                heavy |= r.measuredLow() < 0;
            }
            double[] inf = s.mInfinity();
            fromK1 &= inf[1] > inf[0];
            Overthinking ot = s.overthinking();
            double muMin = Double.POSITIVE_INFINITY;
            double muMax = Double.NEGATIVE_INFINITY;
            for (Overthinking.Direction dir : ot.directions()) {
                muMin = Math.min(muMin, dir.re());
                muMax = Math.max(muMax, dir.re());
            }
            per.add(new PerN(s.n(), ratio, ratio <= FLAT_FACTOR && ratio >= 1 / FLAT_FACTOR, kStar, rises,
                    growth(e[0], e[kMax - 1], kMax), growth(s.predictedAt(1), s.predictedAt(kMax), kMax),
                    growth(inf[0], inf[kMax - 1], kMax), inf[1] / inf[0], ot.maxGrowth() * ot.maxGrowth(),
                    ot.growing(), muMin, muMax));
        }
        boolean fastest = true;
        boolean fastestTheory = true;
        for (int i = 1; i < per.size(); i++) {
            fastest &= per.get(i).growthMeasured() > per.get(i - 1).growthMeasured();
            fastestTheory &= per.get(i).growthFiniteM() > per.get(i - 1).growthFiniteM();
        }
        return new Checks(per, fastest, fastestTheory, fromK1, heavy);
    }

    /** {@code (last/first)^(1/(kMax−1))}: the geometric-mean factor per step. */
    static double growth(double first, double last, int kMax) {
        return Math.pow(last / first, 1.0 / (kMax - 1));
    }

    static List<String> verdict(Result r) {
        List<String> out = new ArrayList<>();
        Checks c = r.checks();
        int kMax = r.config().kMax();
        int flat = 0;
        StringBuilder ratios = new StringBuilder();
        for (PerN p : c.perN()) {
            flat += p.flatToK2() ? 1 : 0;
            ratios.append(ratios.length() == 0 ? "" : ", ").append("n=").append(p.n()).append(" x").append(fmt(p.ratio21()));
        }
        String flatWord = flat == c.perN().size() ? "AGREES" : flat == 0 ? "DIFFERS" : "PARTLY";
        out.add(flatWord + " - error about flat for k <= 2 (paper: yes; flat = within a factor " + FLAT_FACTOR
                + "). Measured error(2)/error(1): " + ratios + ". The m = inf theory rises from k = 1"
                + (c.theoryRisesFromK1() ? " for every n" : " not for every n") + " (x" + joinInfRatios(c) + ").");
        int rising = 0;
        StringBuilder ks = new StringBuilder();
        for (PerN p : c.perN()) {
            rising += p.rises() ? 1 : 0;
            ks.append(ks.length() == 0 ? "" : ", ").append("n=").append(p.n()).append(" best k = ").append(p.kStarMeasured());
        }
        out.add((rising == c.perN().size() ? "AGREES" : rising == 0 ? "DIFFERS" : "PARTLY")
                + " - the error then rises with k (paper: yes): " + rising + " of " + c.perN().size()
                + " n rise significantly within k <= " + kMax + " (" + ks + ").");
        StringBuilder g = new StringBuilder();
        for (PerN p : c.perN()) {
            g.append(g.length() == 0 ? "" : ", ").append("n=").append(p.n()).append(" x").append(fmt(p.growthMeasured()))
                    .append(" (theory x").append(fmt(p.growthFiniteM())).append(")");
        }
        out.add((c.fastestForLargestN() ? "AGREES" : "DIFFERS") + " - it rises fastest for the largest n (paper: yes)."
                + " Mean growth per CoT step, measured (theory at m = " + (r.config().testLengthIsN() ? "n" : String.valueOf(r.m()))
                + "): " + g + ".");
        StringBuilder mu = new StringBuilder();
        for (PerN p : c.perN()) {
            mu.append(mu.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "n=%d: mu in [%s, %s], %d of %d directions with |1 - mu| > 1, error factor per step -> %s",
                    p.n(), fmt(p.muMin()), fmt(p.muMax()), p.growingDirections(), r.d(), fmt(p.asymptoticGrowth())));
        }
        boolean anyGrowing = c.perN().stream().anyMatch(p -> p.growingDirections() > 0);
        boolean muRises = true;
        for (int i = 1; i < c.perN().size(); i++) {
            muRises &= c.perN().get(i).muMax() > c.perN().get(i - 1).muMax();
        }
        out.add("Why (eigenvalues mu of P*Sigma, m = inf): " + mu + ". " + (anyGrowing
                ? "A direction with |1 - mu| > 1 (real mu > 2: a skill weak in training but needed by the target)"
                  + " has its error multiplied at every CoT step"
                  + (muRises ? "; a longer training context shrinks the tr(Lambda)/n term of Gamma, so mu on"
                  + " those skills is larger for larger n." : ".")
                : "No direction has |1 - mu| > 1, so at m = inf more steps never hurt; any rise measured here"
                  + " comes from the finite test prompt."));
        if (c.heavyTailed()) {
            out.add("Caution: some measured 95% intervals reach below 0: at large k the per-prompt errors are"
                    + " heavy-tailed (a few test prompts whose sample covariance pushes eigenvalues of P*S_m far"
                    + " past 2 dominate the mean), so those means are rough.");
        }
        return out;
    }

    private static String joinInfRatios(Checks c) {
        StringBuilder sb = new StringBuilder();
        for (PerN p : c.perN()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(fmt(p.ratio21InfiniteM()));
        }
        return sb.toString();
    }
}
