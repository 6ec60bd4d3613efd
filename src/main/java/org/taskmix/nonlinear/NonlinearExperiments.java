package org.taskmix.nonlinear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.Moments;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.theory.ExactSelection;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.FastRandom;
import org.taskmix.validation.ProgressListener;

/**
 * The paper's nonlinear experiments on the GPT-2-style transformer (docs/theory.md §9):
 * compute vs context, overthinking, and task selection. Every condition is trained with every
 * {@code K_train} of the plan and {@code seeds} independent seeds, measured for
 * {@code k = 1..kMax}, and put beside the linear theory's prediction at the same {@code m}.
 *
 * <p>Statistics: per run, the mean and the median of {@code ‖ŵ_k − w*‖²/d} over the test
 * prompts; per condition, the mean ± standard deviation of those over the seeds. Verdicts are
 * about the seed-averaged medians (the per-prompt error is heavy-tailed, docs/theory.md §7), and
 * say so.
 */
public final class NonlinearExperiments {

    /** Command-line names. */
    public static final String COMPUTE_VS_CONTEXT = "nonlinear-compute-vs-context";
    public static final String OVERTHINKING = "nonlinear-overthinking";
    public static final String TASK_SELECTION = "nonlinear-task-selection";
    public static final List<String> NAMES = List.of(COMPUTE_VS_CONTEXT, OVERTHINKING, TASK_SELECTION);

    /** Monte Carlo prompts of the linear theory's prediction at finite m. */
    public static final int PREDICTION_SAMPLES = 2000;
    /** Bootstrap resamples of the seeds for the rank-correlation interval. */
    public static final int BOOTSTRAP = 2000;
    /** CoT budget of the exact objective in task selection (the paper's k ≤ 8). */
    public static final int EXACT_BUDGET = 8;

    private NonlinearExperiments() {
    }

    /** One condition: a mixture, a training length and a target measured at length m. */
    public record Condition(String name, double[] weights, int n, Target target, int m) {
        public Condition {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }

    /**
     * Seed-aggregated measurement of one condition, {@code K_train} and {@code k}.
     *
     * @param condition   condition name
     * @param kTrain      unrolled CoT steps in training
     * @param k           CoT length at test
     * @param seeds       completed runs aggregated
     * @param mean        mean over seeds of the per-run mean error
     * @param meanSd      standard deviation over seeds of the per-run mean
     * @param median      mean over seeds of the per-run median error
     * @param medianSd    standard deviation over seeds of the per-run median
     * @param predicted   linear theory's mean error at the same n, m (NaN if P(π) does not exist)
     */
    public record Cell(String condition, int kTrain, int k, int seeds, double mean, double meanSd, double median,
                       double medianSd, double predicted) {
    }

    /** One run, as reported: condition, K_train, seed, training summary, curve (null if diverged). */
    public record RunRecord(String condition, int kTrain, long seed, TransformerTraining training,
                            TransformerCurve curve) {
    }

    /**
     * Rank correlation between predicted and measured error over mixtures × k.
     *
     * @param kTrain    unrolled CoT steps in training
     * @param statistic "mean" or "median" (of the measured side; the prediction is a mean)
     * @param rho       Spearman's ρ
     * @param low       2.5% bootstrap quantile (seeds resampled per mixture)
     * @param high      97.5% bootstrap quantile
     * @param pairs     (mixture, k) pairs
     */
    public record RankCorrelation(int kTrain, String statistic, double rho, double low, double high, int pairs) {
    }

    /**
     * Outcome of one experiment.
     *
     * @param experiment  name
     * @param problem     problem name
     * @param d           dimension
     * @param plan        what ran
     * @param conditions  the conditions, in order
     * @param runs        every run
     * @param cells       aggregated table
     * @param ranks       task selection only: rank correlations per K_train
     * @param mixtures    task selection only: how each mixture was obtained, one line each
     * @param verdicts    trends stated as REPRODUCED / NOT REPRODUCED, in numbers
     * @param seconds     wall-clock time
     */
    public record Outcome(String experiment, String problem, int d, ExperimentPlan plan, List<Condition> conditions,
                          List<RunRecord> runs, List<Cell> cells, List<RankCorrelation> ranks,
                          Map<String, String> mixtures, List<String> verdicts, double seconds) {

        /** The cell of a condition, K_train and k. */
        public Cell cell(String condition, int kTrain, int k) {
            for (Cell c : cells) {
                if (c.condition().equals(condition) && c.kTrain() == kTrain && c.k() == k) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no cell " + condition + ", K_train " + kTrain + ", k " + k);
        }

        /** Runs that diverged. */
        public List<RunRecord> diverged() {
            return runs.stream().filter(r -> !r.training().completed()).toList();
        }
    }

    /** Runs the named experiment on {@code problem} with {@code plan}, without a time budget. */
    public static Outcome run(String experiment, Problem problem, ExperimentPlan plan, ProgressListener progress) {
        return run(experiment, problem, plan, Double.POSITIVE_INFINITY, progress);
    }

    /**
     * Runs the named experiment. Runs go seed by seed (every condition and {@code K_train} of
     * seed 1, then of seed 2, …), so a time budget that stops the experiment early leaves
     * balanced results with fewer seeds; every cell records how many seeds it averages.
     *
     * @param budgetSeconds no new training run starts after this many seconds (infinite: none);
     *                      the first run always runs
     */
    public static Outcome run(String experiment, Problem problem, ExperimentPlan plan, double budgetSeconds,
                              ProgressListener progress) {
        long t0 = System.nanoTime();
        progress = progress == null ? ProgressListener.NONE : progress;
        List<Condition> conditions = new ArrayList<>();
        Map<String, String> how = new LinkedHashMap<>();
        Target target = problem.target();
        switch (experiment) {
            case COMPUTE_VS_CONTEXT, OVERTHINKING -> {
                double[] all = new double[problem.catalog().size()];
                Arrays.fill(all, 1.0 / all.length);
                List<Integer> ns = plan.ns().isEmpty() ? List.of(problem.settings().n()) : plan.ns();
                for (int n : ns) {
                    conditions.add(new Condition("n=" + n, all, n, target, plan.mEqualsN() ? n : problem.settings().m()));
                }
            }
            case TASK_SELECTION -> mixtures(problem, plan, conditions, how, progress);
            default -> throw new IllegalArgumentException("EXPERIMENT: value \"" + experiment
                    + "\" is not a transformer experiment; choose one of: " + String.join(", ", NAMES));
        }
        List<RunRecord> runs = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        Map<String, double[]> predictions = new LinkedHashMap<>();
        for (Condition c : conditions) {
            predictions.put(c.name(), predict(problem, c, plan));
        }
        seeds:
        for (int s = 0; s < plan.seeds(); s++) {
            for (int kTrain : plan.kTrains()) {
                for (Condition c : conditions) {
                    if (!runs.isEmpty() && (System.nanoTime() - t0) * 1e-9 > budgetSeconds) {
                        break seeds;
                    }
                    TransformerSettings ts = plan.settings().withKTrain(kTrain).withSeed(plan.settings().seed() + s);
                    TransformerValidation.Run r = TransformerValidation.run(problem.catalog(), c.weights(), c.n(),
                            c.target().covariance(), c.m(), plan.kMax(), plan.config(), ts, progress);
                    runs.add(new RunRecord(c.name(), kTrain, ts.seed(), r.training(), r.curve()));
                }
            }
        }
        for (int kTrain : plan.kTrains()) {
            for (Condition c : conditions) {
                List<RunRecord> mine = runs.stream().filter(r -> r.condition().equals(c.name()) && r.kTrain() == kTrain)
                        .toList();
                cells.addAll(aggregate(c.name(), kTrain, plan.kMax(), mine, predictions.get(c.name())));
            }
        }
        List<RankCorrelation> ranks = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        Outcome partial = new Outcome(experiment, problem.name(), problem.dim(), plan, conditions, runs, cells, ranks,
                how, verdicts, 0);
        switch (experiment) {
            case COMPUTE_VS_CONTEXT -> verdicts.addAll(Verdicts.computeVsContext(partial));
            case OVERTHINKING -> verdicts.addAll(Verdicts.overthinking(partial));
            default -> {
                for (int kTrain : plan.kTrains()) {
                    ranks.add(rank(partial, kTrain, "mean"));
                    ranks.add(rank(partial, kTrain, "median"));
                }
                verdicts.addAll(Verdicts.taskSelection(partial));
            }
        }
        return new Outcome(experiment, problem.name(), problem.dim(), plan, conditions, runs, cells, ranks, how,
                verdicts, (System.nanoTime() - t0) * 1e-9);
    }

    /** Surrogate optimum, exact-objective optimum, uniform, easy-only, hard-only. */
    private static void mixtures(Problem problem, ExperimentPlan plan, List<Condition> out, Map<String, String> how,
                                 ProgressListener progress) {
        progress.start("select (surrogate, exact J_" + EXACT_BUDGET + ")", 1);
        Selection.Solution solution = Selection.solve(problem, SelectionOptions.DEFAULT, null);
        double[] surrogate = solution.result().weights().toArray();
        int m = problem.settings().m();
        ExactSelection.Result exact = ExactSelection.solve(problem, EXACT_BUDGET, OptionalInt.of(m), surrogate,
                ExactSelection.feasibleSet(problem.catalog()), ExactSelection.Settings.DEFAULT);
        progress.advance(1);
        progress.finish();
        int n = problem.settings().n();
        Target t = problem.target();
        out.add(new Condition("surrogate", surrogate, n, t, m));
        how.put("surrogate", "the paper's convex surrogate: " + solution.result().status() + " by "
                + solution.result().solver());
        out.add(new Condition("exact-J" + EXACT_BUDGET, exact.weights().toArray(), n, t, m));
        how.put("exact-J" + EXACT_BUDGET, "argmin of the exact CoT objective J_" + EXACT_BUDGET + " at m = " + m
                + " from the surrogate optimum: " + exact.status() + " after " + exact.iterations() + " iterations");
        for (ScoredMixture sm : solution.compare()) {
            String name = sm.mixture().name();
            if (Baselines.PAPER.contains(name)) {
                out.add(new Condition(name, sm.mixture().weights(), n, t, m));
                how.put(name, sm.mixture().note());
            }
        }
    }

    /** The linear theory's mean error for k = 1..kMax at the condition's n and m, or NaNs. */
    public static double[] predict(Problem problem, Condition c, ExperimentPlan plan) {
        Problem single = new Problem(problem.name(), problem.description(), problem.catalog(), List.of(c.target()),
                problem.settings(), problem.source());
        int[] ks = IntStream.rangeClosed(1, plan.kMax()).toArray();
        double[] out = new double[plan.kMax()];
        try {
            Prediction p = Prediction.of(single, c.weights(), new Prediction.Settings(ks, OptionalInt.of(c.m()),
                    PREDICTION_SAMPLES, plan.settings().seed(), c.n(), false));
            for (Prediction.Point q : p.curve()) {
                out[q.k() - 1] = q.error();
            }
        } catch (IllegalArgumentException e) {
            Arrays.fill(out, Double.NaN);
        }
        return out;
    }

    private static List<Cell> aggregate(String condition, int kTrain, int kMax, List<RunRecord> runs, double[] predicted) {
        List<Cell> out = new ArrayList<>();
        List<TransformerCurve> ok = runs.stream().map(RunRecord::curve).filter(java.util.Objects::nonNull).toList();
        for (int k = 1; k <= kMax; k++) {
            double[] means = new double[ok.size()];
            double[] medians = new double[ok.size()];
            for (int i = 0; i < ok.size(); i++) {
                means[i] = ok.get(i).at(k).mean();
                medians[i] = ok.get(i).at(k).median();
            }
            out.add(new Cell(condition, kTrain, k, ok.size(), Moments.mean(means), sd(means), Moments.mean(medians), sd(medians),
                    predicted[k - 1]));
        }
        return out;
    }

    /** Spearman's ρ of predicted vs measured over mixtures × k, with a bootstrap over seeds. */
    static RankCorrelation rank(Outcome o, int kTrain, String statistic) {
        List<Condition> cs = o.conditions();
        int kMax = o.plan().kMax();
        List<double[]> predicted = new ArrayList<>();
        List<List<TransformerCurve>> curves = new ArrayList<>();
        for (Condition c : cs) {
            List<TransformerCurve> mine = o.runs().stream()
                    .filter(r -> r.condition().equals(c.name()) && r.kTrain() == kTrain && r.curve() != null)
                    .map(RunRecord::curve).toList();
            curves.add(mine);
            double[] p = new double[kMax];
            for (int k = 1; k <= kMax; k++) {
                p[k - 1] = o.cell(c.name(), kTrain, k).predicted();
            }
            predicted.add(p);
        }
        boolean median = statistic.equals("median");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            for (int k = 1; k <= kMax; k++) {
                Cell cell = o.cell(cs.get(i).name(), kTrain, k);
                if (Double.isFinite(cell.predicted()) && cell.seeds() > 0) {
                    xs.add(cell.predicted());
                    ys.add(median ? cell.median() : cell.mean());
                }
            }
        }
        double rho = spearman(xs, ys);
        FastRandom rng = FastRandom.stream(o.plan().settings().seed(), 0x5eed, kTrain, median ? 1 : 0);
        double[] boot = new double[BOOTSTRAP];
        for (int b = 0; b < BOOTSTRAP; b++) {
            List<Double> bx = new ArrayList<>();
            List<Double> by = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                List<TransformerCurve> runs = curves.get(i);
                if (runs.isEmpty()) {
                    continue;
                }
                int[] pick = new int[runs.size()];
                for (int j = 0; j < pick.length; j++) {
                    pick[j] = (int) (rng.nextDouble() * runs.size());
                }
                for (int k = 1; k <= kMax; k++) {
                    if (!Double.isFinite(predicted.get(i)[k - 1])) {
                        continue;
                    }
                    double s = 0;
                    for (int j : pick) {
                        s += median ? runs.get(j).at(k).median() : runs.get(j).at(k).mean();
                    }
                    bx.add(predicted.get(i)[k - 1]);
                    by.add(s / pick.length);
                }
            }
            boot[b] = spearman(bx, by);
        }
        Arrays.sort(boot);
        return new RankCorrelation(kTrain, statistic, rho, Stats.quantile(boot, 0.025), Stats.quantile(boot, 0.975),
                xs.size());
    }

    /** Spearman's ρ: Pearson correlation of mid-ranks (ties share their average rank). */
    static double spearman(List<Double> x, List<Double> y) {
        if (x.size() < 3) {
            return Double.NaN;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Moments.mean(rx);
        double my = Moments.mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }

    private static double[] ranks(List<Double> v) {
        Integer[] idx = new Integer[v.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v.get(a), v.get(b)));
        double[] r = new double[idx.length];
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && v.get(idx[j + 1]).equals(v.get(idx[i]))) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[idx[t]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    /** Spread over runs: a single run has none (0), not an undefined one. */
    static double sd(double[] a) {
        return a.length == 1 ? 0 : Moments.sd(a);
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
