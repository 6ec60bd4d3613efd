package org.taskmix.study.experiments;

import static org.taskmix.study.experiments.ComputeVsContextExperiment.fmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.taskmix.linalg.Doubles;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.study.Study;
import org.taskmix.theory.ExactObjective;
import org.taskmix.theory.ExactSelection;
import org.taskmix.validation.ChainOfThought;
import org.taskmix.validation.ProgressListener;

/**
 * The paper's task-selection experiment (docs/theory.md §6, §11): select a training mixture for a hard
 * downstream target from a catalog of easy/hard × short/long tasks, then train the LSA model on
 * the selected mixture and on baselines and measure CoT error on the target.
 *
 * <p>Mixtures: the surrogate optimum (the paper's convex program), the exact-objective optimum
 * {@code argmin J_K} started from it (a capability the paper does not have), and the baselines
 * {@code uniform}, {@code easy-only} and {@code hard-only} (the last two only if the catalog has
 * such groups). Each is trained and measured with the same seeds; each is also predicted.
 *
 * <p>The paper's findings: harder tasks get more weight, "Hard-Long" the most and "Easy-Short"
 * the least; the selected mixture beats uniform and easy-only on downstream CoT error.
 */
public final class TaskSelectionExperiment {

    /** Command-line name of the experiment. */
    public static final String NAME = "task-selection";

    /** Default CoT budget {@code K} of the exact objective. */
    public static final int DEFAULT_BUDGET = 8;

    /** The group the paper finds heaviest. */
    public static final String PAPER_HEAVIEST = "Hard-Long";

    /** The group the paper finds lightest. */
    public static final String PAPER_LIGHTEST = "Easy-Short";

    /** Label of tasks without a group in the group totals. */
    public static final String NO_GROUP = "(no group)";

    private TaskSelectionExperiment() {
    }

    /**
     * What to run.
     *
     * @param ks       CoT lengths of the table, ascending
     * @param budget   CoT budget {@code K} of the exact objective
     * @param budgetM  test prompt length of the exact objective, empty for {@code m = ∞} (the
     *                 closed form: deterministic and fast; a finite {@code m} averages over the
     *                 theory layer's fixed seeded test prompts, {@link ExactObjective.Sampling#DEFAULT},
     *                 and costs far more)
     * @param settings training, sampling, threads
     */
    public record Config(int[] ks, int budget, OptionalInt budgetM, ExperimentSettings settings) {

        public Config {
            ks = Study.checkKs("ks", ks, ChainOfThought.MAX_K);
            if (budget < 1) {
                throw new IllegalArgumentException("budget: value " + budget + " must be >= 1");
            }
            Objects.requireNonNull(budgetM, "budgetM");
            if (budgetM.isPresent() && budgetM.getAsInt() < 1) {
                throw new IllegalArgumentException("budgetM: value " + budgetM.getAsInt() + " must be >= 1");
            }
            Objects.requireNonNull(settings, "settings");
        }

        /**
         * The problem's CoT lengths, budget {@link #DEFAULT_BUDGET} at the problem's own {@code m}:
         * the mixture is then selected for the condition it is measured in (at {@code m = ∞} the
         * selected weights can overshoot on finite test prompts).
         */
        public static Config of(Problem problem, ExperimentSettings settings) {
            return new Config(problem.settings().k().stream().mapToInt(Integer::intValue).toArray(), DEFAULT_BUDGET,
                    OptionalInt.of(problem.settings().m()), settings);
        }

        /** The same with another CoT budget. */
        public Config withBudget(int k) {
            return new Config(ks, k, budgetM, settings);
        }

        @Override
        public int[] ks() {
            return ks.clone();
        }
    }

    /** Total weight of one task group. */
    public record GroupWeight(String group, double weight) {
    }

    /**
     * A mixture of the experiment with how it was obtained.
     *
     * @param name         label ("surrogate", "exact-J8", "uniform", ...)
     * @param how          one line: solver and status, or the baseline's rule
     * @param weights      catalog order
     * @param groups       weight per group, groups in catalog order
     * @param surrogate    the paper's surrogate objective at these weights (un-normalised)
     * @param exact        {@code J_K} at these weights (per dimension, at the budget's {@code m}; at
     *                     finite {@code m} the sample average over the exact objective's fixed prompts)
     */
    public record Selected(String name, String how, Doubles weights, List<GroupWeight> groups, double surrogate,
                           double exact) {

        public Selected {
            Objects.requireNonNull(weights, "weights");
            groups = List.copyOf(groups);
        }

        /** Weight of {@code group}, 0 if absent. */
        public double group(String group) {
            return groups.stream().filter(g -> g.group().equals(group)).mapToDouble(GroupWeight::weight).sum();
        }
    }

    /**
     * Measured comparison of a selected mixture with a baseline at one {@code k}.
     *
     * @param selected      selected mixture's name
     * @param baseline      baseline's name
     * @param k             CoT length
     * @param selectedError measured mean of the selected mixture
     * @param baselineError measured mean of the baseline
     * @param lower         selected mean below the baseline's
     * @param separated     the two 95% intervals do not overlap
     */
    public record Comparison(String selected, String baseline, int k, double selectedError, double baselineError,
                             boolean lower, boolean separated) {
    }

    /**
     * The ordering of group weights in one selected mixture.
     *
     * @param mixture   mixture name
     * @param heaviest  group with the most weight
     * @param lightest  group with the least weight
     * @param paper     true if heaviest is {@link #PAPER_HEAVIEST} and lightest is {@link #PAPER_LIGHTEST}
     * @param hardShare total weight of groups whose name contains "hard" (case-insensitive)
     */
    public record Ordering(String mixture, String heaviest, String lightest, boolean paper, double hardShare) {

        /**
         * The ordering of {@code groups} (group → total weight, in order of first appearance;
         * ties go to the first group): the one check of the paper's ordering, used by
         * {@code reproduce task-selection} and {@code demo}.
         */
        public static Ordering of(String mixture, Map<String, Double> groups) {
            String heavy = null;
            String light = null;
            double hard = 0;
            for (Map.Entry<String, Double> g : groups.entrySet()) {
                if (heavy == null || g.getValue() > groups.get(heavy)) {
                    heavy = g.getKey();
                }
                if (light == null || g.getValue() < groups.get(light)) {
                    light = g.getKey();
                }
                if (g.getKey().toLowerCase(Locale.ROOT).contains("hard")) {
                    hard += g.getValue();
                }
            }
            return new Ordering(mixture, heavy, light, PAPER_HEAVIEST.equals(heavy) && PAPER_LIGHTEST.equals(light),
                    hard);
        }
    }

    /**
     * Outcome.
     *
     * @param problem     problem name
     * @param d           dimension
     * @param m           test prompt length of the measurements
     * @param n           training prompt length
     * @param config      what was run
     * @param selectionStatus status of the surrogate solve and its duality gap, one line
     * @param exactStatus status of the exact solve and its Frank–Wolfe gap, one line
     * @param mixtures    every mixture, in the order of {@code series}
     * @param series      trained, measured, predicted; one per mixture
     * @param orderings   group ordering of the selected mixtures
     * @param comparisons selected vs baselines at every table {@code k}
     * @param seconds     wall-clock time
     */
    public record Result(String problem, int d, int m, int n, Config config, String selectionStatus, String exactStatus,
                         List<Selected> mixtures, List<Series> series, List<Ordering> orderings,
                         List<Comparison> comparisons, double seconds) implements Series.Table {

        public Result {
            mixtures = List.copyOf(mixtures);
            series = List.copyOf(series);
            orderings = List.copyOf(orderings);
            comparisons = List.copyOf(comparisons);
        }

        /** Name of the exact-objective mixture ("exact-J8"). */
        public String exactName() {
            return mixtures.get(1).name();
        }

        /** Plain-language comparison with the paper's findings. */
        public List<String> verdict() {
            return TaskSelectionExperiment.verdict(this);
        }
    }

    /** Runs the experiment on {@code problem} (its first target, its {@code n} and {@code m}). */
    public static Result run(Problem problem, Config config, ProgressListener progress) {
        long t0 = System.nanoTime();
        Catalog catalog = problem.catalog();
        progress = progress == null ? ProgressListener.NONE : progress;
        // The exact solve at finite m takes tens of seconds: show it as a phase of its own.
        progress.start("select (surrogate, exact J_" + config.budget() + ")", 1);
        Selection.Solution solution = Selection.solve(problem, SelectionOptions.DEFAULT, null);
        double[] surrogate = solution.result().weights().toArray();
        String selectionStatus = String.format(Locale.ROOT, "surrogate: %s by %s, duality gap %s",
                solution.result().status(), solution.result().solver(), fmt(solution.result().certificate().gap()));
        ExactSelection.Result exact = ExactSelection.solve(problem, config.budget(), config.budgetM(), surrogate,
                ExactSelection.feasibleSet(catalog), ExactSelection.Settings.FIXED_SAMPLE);
        String exactStatus = String.format(Locale.ROOT, "exact J_%d (%s): %s after %d iterations, Frank-Wolfe gap %s",
                config.budget(), exact.method(), exact.status(), exact.iterations(), fmt(exact.frankWolfeGap()));
        ExactObjective objective = new ExactObjective(problem, config.budget(), config.budgetM(), problem.settings().n(),
                ExactObjective.Sampling.DEFAULT);
        progress.advance(1);
        progress.finish();

        List<Selected> mixtures = new ArrayList<>();
        String exactName = "exact-J" + config.budget();
        mixtures.add(selected("surrogate", selectionStatus, surrogate, catalog, objective));
        mixtures.add(selected(exactName, exactStatus, exact.weights().toArray(), catalog, objective));
        Map<String, Mixture> baselines = new LinkedHashMap<>();
        for (ScoredMixture sm : solution.compare()) {
            baselines.put(sm.mixture().name(), sm.mixture());
        }
        for (String b : Baselines.PAPER) {
            Mixture mx = baselines.get(b);
            if (mx != null) {
                mixtures.add(selected(b, mx.note(), mx.weights(), catalog, objective));
            }
        }

        int[] ks = config.ks();
        int n = problem.settings().n();
        List<Series> series = new ArrayList<>();
        for (Selected s : mixtures) {
            series.add(Runner.run(s.name(), problem, s.weights().toArray(), n, ks, ks, config.settings(), progress));
        }
        List<Ordering> orderings = List.of(ordering(mixtures.get(0)), ordering(mixtures.get(1)));
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (int j = 2; j < series.size(); j++) {
                for (int k : ks) {
                    Row a = series.get(i).row(k);
                    Row b = series.get(j).row(k);
                    comparisons.add(new Comparison(a.series(), b.series(), k, a.measured(), b.measured(),
                            a.measured() < b.measured(), a.measuredHigh() < b.measuredLow() || b.measuredHigh() < a.measuredLow()));
                }
            }
        }
        return new Result(problem.name(), problem.dim(), problem.settings().m(), n, config, selectionStatus, exactStatus,
                mixtures, series, orderings, comparisons, (System.nanoTime() - t0) / 1e9);
    }

    static Selected selected(String name, String how, double[] w, Catalog catalog, ExactObjective objective) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            String g = catalog.task(i).group();
            groups.merge(g == null || g.isBlank() ? NO_GROUP : g, w[i], Double::sum);
        }
        List<GroupWeight> gw = new ArrayList<>();
        groups.forEach((g, v) -> gw.add(new GroupWeight(g, v)));
        return new Selected(name, how, Doubles.of(w), gw, objective.surrogate(w), objective.value(w));
    }

    static Ordering ordering(Selected s) {
        Map<String, Double> groups = new LinkedHashMap<>();
        s.groups().forEach(g -> groups.put(g.group(), g.weight()));
        return Ordering.of(s.name(), groups);
    }

    static List<String> verdict(Result r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.orderings().size(); i++) {
            Ordering o = r.orderings().get(i);
            Selected s = r.mixtures().get(i);
            StringBuilder g = new StringBuilder();
            s.groups().stream().sorted((a, b) -> Double.compare(b.weight(), a.weight()))
                    .forEach(x -> g.append(g.length() == 0 ? "" : " > ").append(x.group()).append(' ').append(fmt(x.weight())));
            out.add((o.paper() ? "AGREES" : "DIFFERS") + " - paper's ordering (" + PAPER_HEAVIEST + " most, "
                    + PAPER_LIGHTEST + " least) in the " + o.mixture() + " weights: " + g + "; hard tasks hold "
                    + fmt(o.hardShare()) + " of the weight"
                    + (o.hardShare() > 0.5 ? " (harder tasks do get more weight)." : "."));
        }
        for (String sel : List.of("surrogate", r.exactName())) {
            for (String base : List.of("uniform", "easy-only")) {
                List<Comparison> cs = r.comparisons().stream()
                        .filter(c -> c.selected().equals(sel) && c.baseline().equals(base)).toList();
                if (cs.isEmpty()) {
                    continue;
                }
                List<Integer> better = new ArrayList<>();
                List<Integer> worse = new ArrayList<>();
                for (Comparison c : cs) {
                    if (c.separated()) {
                        (c.lower() ? better : worse).add(c.k());
                    }
                }
                String word = worse.isEmpty() && better.size() == cs.size() ? "AGREES"
                        : better.isEmpty() ? "DIFFERS" : "PARTLY";
                StringBuilder detail = new StringBuilder();
                for (Comparison c : cs) {
                    detail.append(detail.length() == 0 ? "" : ", ").append("k=").append(c.k()).append(' ')
                            .append(fmt(c.selectedError())).append(" vs ").append(fmt(c.baselineError()));
                }
                out.add(word + " - " + sel + " beats " + base + " on measured CoT error (paper: yes): lower beyond"
                        + " the 95% intervals at k = " + (better.isEmpty() ? "none" : better) + ", higher at k = "
                        + (worse.isEmpty() ? "none" : worse) + " (" + detail + ").");
            }
        }
        out.add(bestLengths(r));
        StringBuilder dist = new StringBuilder();
        for (Series s : r.series()) {
            dist.append(dist.length() == 0 ? "" : ", ").append(s.name()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * s.training().distanceToOptimum()));
        }
        out.add("Training landed near P(pi): relative distance of V_31 from -P(pi): " + dist + ".");
        int agree = 0;
        int total = 0;
        for (Series s : r.series()) {
            for (Row row : s.rows()) {
                total++;
                agree += row.agrees() ? 1 : 0;
            }
        }
        out.add("Measured vs theory at m = " + r.m() + ": " + agree + " of " + total
                + " table points have overlapping 95% intervals; J_" + r.config().budget() + " ("
                + (r.config().budgetM().isPresent() ? "m = " + r.config().budgetM().getAsInt() + ", fixed prompts"
                : "m = inf")
                + ") surrogate " + fmt(r.mixtures().get(0).exact()) + " vs " + r.exactName() + " "
                + fmt(r.mixtures().get(1).exact()) + ".");
        return out;
    }

    /** The line on the best measured CoT length per mixture and whether it then rises (overthinking). */
    private static String bestLengths(Result r) {
        int[] ks = r.config().ks();
        StringBuilder best = new StringBuilder();
        boolean anyOverthinks = false;
        for (Series s : r.series()) {
            int bestK = ks[0];
            for (int k : ks) {
                if (s.row(k).measured() < s.row(bestK).measured()) {
                    bestK = k;
                }
            }
            boolean rises = false;
            for (int k : ks) {
                rises |= k > bestK && s.row(k).measuredLow() > s.row(bestK).measuredHigh();
            }
            anyOverthinks |= rises;
            best.append(best.length() == 0 ? "" : ", ").append(s.name()).append(" k = ").append(bestK)
                    .append(rises ? " (then rises)" : bestK == ks[ks.length - 1] ? " (still falling)" : "")
                    .append(" [m = inf: k* = ").append(s.overthinking().kStar())
                    .append(s.overthinking().overthinking() ? ", rises after" : "").append("]");
        }
        return "Best measured CoT length per mixture at m = " + r.m() + ": " + best + "." + (anyOverthinks
                ? " Mixtures that rise overthink on finite test prompts: the sample covariance of m = " + r.m()
                  + " examples spreads the eigenvalues of P*S_m, and a P fitted tightly to the target pushes some"
                  + " of them past 2, where every CoT step amplifies the error."
                : "");
    }
}
