package org.taskmix.study.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.theory.Prediction;

/**
 * The paper's readings (docs/theory.md §7, docs/reproduce/readings.md): the paper leaves the test
 * length, the scale of the spectra and the task generator open, so each reading is one defensible
 * way to read it, written into a problem file ({@code problems/readings/}) or a rule of the
 * experiment ({@code m = n}). {@code reproduce EXPERIMENT --reading NAME} selects one; the default
 * is the best-fitting defensible reading, and the literal one is always listed beside it.
 *
 * <p>The fit of a reading to the paper is {@code mean |log₁₀(ours / paper)|} over the values
 * read off the paper's plots ({@link #PAPER_COMPUTE_VS_CONTEXT}, {@link #PAPER_OVERTHINKING}),
 * once for the predicted mean and once for the predicted median over test prompts. Nothing is
 * tuned beyond the readings listed here.
 */
public final class Readings {

    /**
     * A reading.
     *
     * @param experiment    the experiment it applies to
     * @param name          its name ({@code --reading NAME})
     * @param problem       the bundled problem file it uses
     * @param testLengthIsN true if every series is measured and predicted at {@code m = n}
     * @param literal       true for the literal reading (what the bundled file says)
     * @param description   one sentence
     */
    public record Reading(String experiment, String name, String problem, boolean testLengthIsN, boolean literal,
                          String description) {
    }

    /** The default reading of each experiment (best fitting defensible; see readings.md). */
    public static final Map<String, String> DEFAULTS = Map.of(
            ComputeVsContextExperiment.NAME, "m-eq-n",
            OverthinkingExperiment.NAME, "m-eq-n-trace-d",
            TaskSelectionExperiment.NAME, "floor-0.01");

    /** Every reading, per experiment, the literal one first. */
    public static final List<Reading> ALL = List.of(
            new Reading(ComputeVsContextExperiment.NAME, "literal", "problems/compute-vs-context.json", false, true,
                    "lambda_i = 1/i (d = 16), test length m = 160 = 10 d fixed for every n (our earlier choice)"),
            new Reading(ComputeVsContextExperiment.NAME, "m-eq-n", "problems/compute-vs-context.json", true, false,
                    "as literal, but test length m = n (the paper's caption: the same n in training and test)"),
            new Reading(ComputeVsContextExperiment.NAME, "trace-d", "problems/readings/compute-vs-context-trace-d.json",
                    false, false, "lambda_i proportional to 1/i normalised to tr(Lambda) = d, m = 160"),
            new Reading(ComputeVsContextExperiment.NAME, "m-eq-n-trace-d",
                    "problems/readings/compute-vs-context-trace-d.json", true, false,
                    "lambda_i proportional to 1/i normalised to tr(Lambda) = d, m = n"),
            new Reading(OverthinkingExperiment.NAME, "literal", "problems/overthinking.json", false, true,
                    "lambda_i = 1/i literally (lambda_1 = 1), target I, m = 160"),
            new Reading(OverthinkingExperiment.NAME, "m-eq-n", "problems/overthinking.json", true, false,
                    "lambda_i = 1/i literally, target I, m = n"),
            new Reading(OverthinkingExperiment.NAME, "trace-d", "problems/readings/overthinking-trace-d.json", false,
                    false, "lambda_i proportional to 1/i normalised to tr(Lambda) = d, target I, m = 160"),
            new Reading(OverthinkingExperiment.NAME, "m-eq-n-trace-d", "problems/readings/overthinking-trace-d.json",
                    true, false, "lambda_i proportional to 1/i normalised to tr(Lambda) = d, target I, m = n"),
            new Reading(TaskSelectionExperiment.NAME, "floor-0.01", "problems/paper-task-selection.json", false, true,
                    "generator floor 0.01 on inactive directions, d = 50 (the bundled file)"),
            new Reading(TaskSelectionExperiment.NAME, "floor-0.001", "problems/readings/task-selection-floor-0.001.json",
                    false, false, "generator floor 0.001, d = 50"),
            new Reading(TaskSelectionExperiment.NAME, "floor-0", "problems/readings/task-selection-floor-0.json", false,
                    false, "no floor (inactive directions have no variance; hardness on the support), d = 50"),
            new Reading(TaskSelectionExperiment.NAME, "d-100", "problems/readings/task-selection-d-100.json", false,
                    false, "floor 0.01, d = 100 (the paper's B = 20 / 100 skills used as is)"));

    /**
     * Per-dimension errors read off the paper's compute-vs-context plot, for {@code n = 10, 20, 30}
     * (rows) and {@code k = 1, 2, 4, 8, 16, 32} (columns).
     */
    public static final double[][] PAPER_COMPUTE_VS_CONTEXT = {
        {0.40, 0.25, 0.14, 0.085, 0.042, 0.020},
        {0.25, 0.13, 0.038, 0.0088, 0.0020, 3.6e-4},
        {0.22, 0.08, 0.019, 0.0037, 3.8e-4, 8e-5}};

    /** The paper's {@code k} of {@link #PAPER_COMPUTE_VS_CONTEXT}. */
    public static final int[] PAPER_CVC_KS = {1, 2, 4, 8, 16, 32};

    /** Per-dimension overthinking errors read off the paper, {@code n = 10, 20, 30}, at {@link #PAPER_OT_KS}. */
    public static final double[][] PAPER_OVERTHINKING = {
        {0.8, 0.8, 1.15, 3},
        {0.8, 0.8, 6.5, 170},
        {0.8, 0.8, 8, 420}};

    /** The paper's {@code k} of {@link #PAPER_OVERTHINKING}. */
    public static final int[] PAPER_OT_KS = {1, 2, 8, 16};

    /** The paper's training prompt lengths. */
    public static final int[] PAPER_NS = {10, 20, 30};

    private Readings() {
    }

    /** The readings of one experiment, literal first. */
    public static List<Reading> of(String experiment) {
        return ALL.stream().filter(r -> r.experiment().equals(experiment)).toList();
    }

    /**
     * The reading {@code name} of {@code experiment}.
     *
     * @throws IllegalArgumentException naming the readings that exist
     */
    public static Reading find(String experiment, String name) {
        for (Reading r : of(experiment)) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--reading: value \"" + name + "\" is not a reading of " + experiment
                + " (readings: " + String.join(", ", of(experiment).stream().map(Reading::name).toList()) + ")");
    }

    /** {@code problem} with test length {@code m} (the {@code m = n} rule applies this per series). */
    public static Problem withTestLength(Problem problem, int m) {
        Settings s = problem.settings();
        return new Problem(problem.name(), problem.description(), problem.catalog(), problem.targets(),
                new Settings(s.n(), m, s.k(), s.train()), problem.source());
    }

    /**
     * {@code problem} with every task covariance scaled to {@code tr Λ = d} (targets unchanged unless
     * equal to a task's covariance, which is scaled alike so "test = training" stays true).
     */
    public static Problem traceNormalised(Problem problem) {
        int d = problem.dim();
        List<Task> tasks = new ArrayList<>();
        List<Target> targets = new ArrayList<>(problem.targets());
        for (Task t : problem.catalog().tasks()) {
            double c = d / t.covariance().trace();
            SymmetricMatrix scaled = t.covariance().scale(c);
            for (int j = 0; j < targets.size(); j++) {
                Target tg = targets.get(j);
                if (tg.covariance().combine(1, t.covariance(), -1).frobeniusNorm() <= 1e-12 * tg.covariance().frobeniusNorm()) {
                    targets.set(j, new Target(tg.name(), scaled, tg.weight()));
                }
            }
            tasks.add(new Task(t.name(), t.group(), t.size(), t.promptLength(), scaled, t.limits()));
        }
        return new Problem(problem.name(), problem.description(), new Catalog(tasks), targets, problem.settings(),
                problem.source());
    }

    /**
     * The theory's fit of one reading of compute-vs-context or overthinking to the paper's values.
     *
     * @param meanFit      {@code mean |log₁₀(ours/paper)|} of the predicted mean ({@code +∞} if any is 0 or ∞)
     * @param medianFit    the same for the predicted median
     * @param mean         predicted mean per paper {@code n} (rows) and paper {@code k} (columns)
     * @param median       predicted median, same layout
     * @param trends       qualitative trends of the paper: name → holds for the mean, holds for the median
     */
    public record Fit(double meanFit, double medianFit, double[][] mean, double[][] median,
                      Map<String, boolean[]> trends) {
    }

    /**
     * Predicts the paper's points under {@code reading} for {@code problem} (already the reading's
     * file) with {@code samples} Monte Carlo prompts, and scores them against the paper.
     */
    public static Fit fit(Reading reading, Problem problem, int samples, long seed) {
        boolean cvc = reading.experiment().equals(ComputeVsContextExperiment.NAME);
        int[] ks = cvc ? PAPER_CVC_KS : PAPER_OT_KS;
        double[][] paper = cvc ? PAPER_COMPUTE_VS_CONTEXT : PAPER_OVERTHINKING;
        double[][] mean = new double[PAPER_NS.length][ks.length];
        double[][] median = new double[PAPER_NS.length][ks.length];
        for (int i = 0; i < PAPER_NS.length; i++) {
            int n = PAPER_NS[i];
            int m = reading.testLengthIsN() ? n : problem.settings().m();
            Prediction p = Prediction.of(problem, new double[] {1}, new Prediction.Settings(ks, OptionalInt.of(m),
                    samples, seed, n, true));
            for (int j = 0; j < ks.length; j++) {
                mean[i][j] = p.curve().get(j).error();
                median[i][j] = p.curve().get(j).median();
            }
        }
        Map<String, boolean[]> trends = new LinkedHashMap<>();
        if (cvc) {
            trends.put("error falls with k for every n", new boolean[] {falls(mean), falls(median)});
            trends.put("larger n has lower error at every k", new boolean[] {nOrdered(mean), nOrdered(median)});
        } else {
            trends.put("flat start: e(2)/e(1) within [0.8, 1.25] for every n", new boolean[] {flat(mean), flat(median)});
            trends.put("error at k = 16 above k = 1 for n = 20 and 30", new boolean[] {rises(mean), rises(median)});
            trends.put("rise fastest for the largest n (e(16): n=30 > n=20 > n=10)",
                    new boolean[] {fastestForLargestN(mean), fastestForLargestN(median)});
        }
        return new Fit(logFit(mean, paper), logFit(median, paper), mean, median, trends);
    }

    /** {@code mean |log₁₀(ours/paper)|}; {@code +∞} if any value is not finite and positive. */
    public static double logFit(double[][] ours, double[][] paper) {
        double s = 0;
        int c = 0;
        for (int i = 0; i < paper.length; i++) {
            for (int j = 0; j < paper[i].length; j++) {
                double o = ours[i][j];
                if (!(o > 0) || !Double.isFinite(o)) {
                    return Double.POSITIVE_INFINITY;
                }
                s += Math.abs(Math.log10(o / paper[i][j]));
                c++;
            }
        }
        return s / c;
    }

    private static boolean falls(double[][] e) {
        for (double[] row : e) {
            for (int j = 1; j < row.length; j++) {
                if (!(row[j] < row[j - 1])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean nOrdered(double[][] e) {
        for (int j = 0; j < e[0].length; j++) {
            for (int i = 1; i < e.length; i++) {
                if (!(e[i][j] < e[i - 1][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean flat(double[][] e) {
        for (double[] row : e) {
            double r = row[1] / row[0];
            if (!(r >= 0.8 && r <= 1.25)) {
                return false;
            }
        }
        return true;
    }

    private static boolean rises(double[][] e) {
        int last = e[0].length - 1;
        return e[1][last] > e[1][0] && e[2][last] > e[2][0];
    }

    private static boolean fastestForLargestN(double[][] e) {
        int last = e[0].length - 1;
        return e[2][last] > e[1][last] && e[1][last] > e[0][last];
    }

    /**
     * Task-selection reading summary: per group (in the paper's order Easy-Short, Easy-Long,
     * Hard-Short, Hard-Long) the mean hardness {@code tr Λ/λ_min}, the mean hardness on the
     * support (active skills: eigenvalues above the floor), and the surrogate optimum's weight.
     *
     * @param groups          group names
     * @param hardness        mean {@code tr/λ_min} per group
     * @param supportHardness mean hardness on the support per group
     * @param weight          surrogate weight per group
     * @param trends          qualitative trends: name → holds
     */
    public record SelectionSummary(List<String> groups, double[] hardness, double[] supportHardness, double[] weight,
                                   Map<String, Boolean> trends) {
    }

    /** The paper's order of hardness, easiest first. */
    public static final List<String> PAPER_GROUP_ORDER = List.of("Easy-Short", "Hard-Short", "Easy-Long", "Hard-Long");

    /** Summarises a task-selection reading (surrogate solve; seconds at d = 100). */
    public static SelectionSummary selection(Problem problem) {
        List<String> groups = PAPER_GROUP_ORDER;
        double[] hard = new double[groups.size()];
        double[] support = new double[groups.size()];
        double[] weight = new double[groups.size()];
        int[] count = new int[groups.size()];
        Selection.Solution s = Selection.solve(problem, SelectionOptions.DEFAULT, null);
        double[] w = s.result().weights().toArray();
        for (int i = 0; i < problem.catalog().size(); i++) {
            Task t = problem.catalog().task(i);
            int g = groups.indexOf(t.group());
            if (g < 0) {
                continue;
            }
            double[] ev = t.covariance().eigenvalues();
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (double v : ev) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            // The support (active skills): a floor shows as a repeated smallest eigenvalue (the
            // active strengths i^-alpha are distinct), so the support is everything above it;
            // without a repeated minimum every direction is active.
            int atMin = 0;
            double tol = 1e-9 * max;
            for (double v : ev) {
                if (v - min <= tol) {
                    atMin++;
                }
            }
            double tr = 0;
            double smin = Double.POSITIVE_INFINITY;
            for (double v : ev) {
                if (atMin < 2 || v - min > tol) {
                    tr += v;
                    smin = Math.min(smin, v);
                }
            }
            hard[g] += min > 1e-12 * max ? t.covariance().trace() / min : Double.POSITIVE_INFINITY;
            support[g] += tr / smin;
            weight[g] += w[i];
            count[g]++;
        }
        for (int g = 0; g < groups.size(); g++) {
            if (count[g] > 0) {
                hard[g] /= count[g];
                support[g] /= count[g];
            }
        }
        Map<String, Boolean> trends = new LinkedHashMap<>();
        trends.put("tr/lambda_min orders the types as the paper names them", ascending(hard));
        trends.put("hardness on the support orders the types as the paper names them", ascending(support));
        trends.put("Hard types get more surrogate weight than Easy types", weight[1] + weight[3] > weight[0] + weight[2]);
        trends.put("Hard-Long gets the most surrogate weight", weight[3] >= max(weight));
        return new SelectionSummary(groups, hard, support, weight, trends);
    }

    private static boolean ascending(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] > v[i - 1])) {
                return false;
            }
        }
        return true;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
