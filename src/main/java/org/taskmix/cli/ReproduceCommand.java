package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.report.Charts;
import org.taskmix.report.CsvTable;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;
import org.taskmix.theory.Overthinking;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.experiments.ComputeVsContextExperiment;
import org.taskmix.validation.experiments.ExperimentSettings;
import org.taskmix.validation.experiments.OverthinkingExperiment;
import org.taskmix.validation.experiments.Readings;
import org.taskmix.validation.experiments.Row;
import org.taskmix.validation.experiments.Series;
import org.taskmix.validation.experiments.TaskSelectionExperiment;
import org.taskmix.validation.experiments.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reproduce EXPERIMENT}: one of the paper's experiments (docs/theory.md §11), trained, measured and
 * predicted, with its table ({@code table.csv}, {@code result.json}), figure ({@code figure.png}; for
 * task-selection limited to {@code k ≤} the budget, with every k in {@code figure-all.png})
 * and a Markdown summary ({@code summary.md}) written into {@code --out}, and the table plus a
 * plain-language verdict against the paper's reported trend on stdout.
 *
 * <p>Each experiment reads its bundled problem file ({@code problems/*.json} inside the jar) unless
 * {@code --problem} names another; training settings come from the problem's
 * {@code settings.train} and can be overridden. Same seed, same numbers.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce one of the paper's experiments: compute-vs-context, overthinking or task-selection."
                + " Trains the linear self-attention model, measures chain-of-thought error vs k, predicts it from the"
                + " theory, writes table.csv, result.json, figure.png (task-selection: k <= budget, plus figure-all.png)"
                + " and summary.md into --out, and prints the table"
                + " with a verdict against the paper's reported trend.")
public final class ReproduceCommand implements Callable<Integer> {

    /** The experiments, in the order they are listed. */
    static final List<String> EXPERIMENTS = List.of(ComputeVsContextExperiment.NAME, OverthinkingExperiment.NAME,
            TaskSelectionExperiment.NAME);

    /** Bundled problem file of each experiment. */
    static final Map<String, String> BUNDLED = Map.of(
            ComputeVsContextExperiment.NAME, "problems/compute-vs-context.json",
            OverthinkingExperiment.NAME, "problems/overthinking.json",
            TaskSelectionExperiment.NAME, "problems/paper-task-selection.json");

    /** {@code --quick}: steps, test prompts and Monte Carlo samples of a smoke run (seconds, rough numbers). */
    static final int QUICK_STEPS = 200;
    static final int QUICK_PROMPTS = 500;

    /** Shell completion for EXPERIMENT. */
    static final class Experiments implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EXPERIMENTS.iterator();
        }
    }

    @Parameters(index = "0", paramLabel = "EXPERIMENT", completionCandidates = Experiments.class,
            description = "One of: ${COMPLETION-CANDIDATES}. With the transformer (docs/theory.md section 9):"
                    + " nonlinear-compute-vs-context, nonlinear-overthinking, nonlinear-task-selection.")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: reproduce-out/EXPERIMENT).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of training, test prompts and Monte Carlo (default: the problem's settings.train.seed).")
    Long seed;

    @Option(names = "--problem", paramLabel = "FILE", description = "Problem file to use instead of the bundled one.")
    Path problemFile;

    @Option(names = "--reading", paramLabel = "NAME|list",
            description = "Reading of the paper's unpublished choices (docs/reproduce/readings.md): compute-vs-context and"
                    + " overthinking: literal, m-eq-n, trace-d, m-eq-n-trace-d; task-selection: floor-0.01, floor-0.001,"
                    + " floor-0, d-100. Default: the best-fitting defensible reading (compute-vs-context m-eq-n,"
                    + " overthinking m-eq-n-trace-d, task-selection floor-0.01). 'list' prints the sensitivity table of"
                    + " the experiment's readings (theory only) and exits.")
    String reading;

    @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps per trained model (default: settings.train.steps).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "N", description = "Prompts per step (default: settings.train.batch).")
    Integer batch;

    @Option(names = "--test-prompts", paramLabel = "N", description = "Test prompts per measured curve (default: settings.train.testPrompts).")
    Integer testPrompts;

    @Option(names = "--samples", paramLabel = "N", description = "Monte Carlo test prompts of the finite-m prediction (default: as --test-prompts).")
    Integer samples;

    @Option(names = "--budget", paramLabel = "K", description = "task-selection: CoT budget K of the exact objective J_K (default: "
            + TaskSelectionExperiment.DEFAULT_BUDGET + ").")
    Integer budget;

    @Option(names = "--budget-m", paramLabel = "M|inf", description = "task-selection: test prompt length of the exact"
            + " objective, or inf for the closed form (default: the problem's m, the length the models are measured at).")
    String budgetM;

    @Option(names = "--quick", description = "Smoke run: " + QUICK_STEPS + " steps, " + QUICK_PROMPTS
            + " test prompts and Monte Carlo samples unless given; seconds instead of minutes, rough numbers.")
    boolean quick;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors); results do not depend on it.")
    Integer threads;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-minutes", paramLabel = "MIN", description = "nonlinear-* only: start no new training run after"
            + " this many minutes; the results then average fewer seeds, and say how many (default: no limit).")
    Double maxMinutes;

    @Option(names = "--seeds", paramLabel = "N", description = "nonlinear-* only: independent training runs per condition (default: settings.transformer.seeds).")
    Integer seeds;

    @Override
    public Integer call() {
        if (org.taskmix.nonlinear.NonlinearExperiments.NAMES.contains(experiment)) {
            return NonlinearReproduce.run(this);
        }
        if (!EXPERIMENTS.contains(experiment)) {
            throw new IllegalArgumentException("EXPERIMENT: value \"" + experiment + "\" is not an experiment; choose one of: "
                    + String.join(", ", EXPERIMENTS));
        }
        if ("list".equals(reading)) {
            return listReadings();
        }
        Readings.Reading theReading = Readings.find(experiment,
                reading != null ? reading : Readings.DEFAULTS.get(experiment));
        Problem problem = problemFile != null ? ProblemReader.read(problemFile) : bundled(theReading.problem());
        ExperimentSettings settings = settings(problem.settings().train());
        Path dir = out != null ? out : Path.of("reproduce-out", experiment);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProgressListener progress = ProgressBars.on(stderr, common.progress());

        Report report = switch (experiment) {
            case ComputeVsContextExperiment.NAME -> computeVsContext(problem, settings, progress,
                    theReading.testLengthIsN());
            case OverthinkingExperiment.NAME -> overthinking(problem, settings, progress, theReading.testLengthIsN());
            default -> taskSelection(problem, settings, progress);
        };
        progress.finish();

        Map<String, Object> doc = report.doc;
        doc.put("reading", readingJson(theReading, problem, settings));
        List<String> files = report.curvesAll == null
                ? List.of("table.csv", "result.json", "figure.png", "summary.md")
                : List.of("table.csv", "result.json", "figure.png", "figure-all.png", "summary.md");
        doc.put("files", files);
        report.table.write(dir.resolve("table.csv"));
        AtomicFiles.writeString(dir.resolve("result.json"), Output.toJson(doc) + "\n");
        Charts.errorVsK(report.title, report.curves, dir.resolve("figure.png"));
        if (report.curvesAll != null) {
            Charts.errorVsK(report.titleAll, report.curvesAll, dir.resolve("figure-all.png"));
        }
        AtomicFiles.writeString(dir.resolve("summary.md"), report.markdown);
        if (common.json()) {
            Output.json(stdout, doc);
        } else {
            stdout.print(report.human);
            stdout.println();
            stdout.println("wrote " + String.join(", ", files) + " into " + dir);
            stdout.flush();
        }
        List<String> diverged = new ArrayList<>();
        for (Series s : report.series) {
            if (!s.training().completed()) {
                diverged.add(s.name() + ": " + s.training().message());
            }
        }
        if (!diverged.isEmpty()) {
            stderr.println("taskmix: error: training diverged (" + String.join("; ", diverged) + ")");
            stderr.flush();
            return Main.EXIT_INPUT;
        }
        return 0;
    }

    /**
     * The reading used and, for compute-vs-context and overthinking, the theory's fit of this
     * reading and of the literal one to the paper's values (mean and median; readings.md).
     */
    private Map<String, Object> readingJson(Readings.Reading r, Problem problem, ExperimentSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("testLength", r.testLengthIsN() ? "m = n per series" : "the problem's m");
        m.put("default", r.name().equals(Readings.DEFAULTS.get(experiment)));
        if (!experiment.equals(TaskSelectionExperiment.NAME)) {
            List<Map<String, Object>> fits = new ArrayList<>();
            for (Readings.Reading x : Readings.of(experiment)) {
                if (!x.name().equals(r.name()) && !x.literal()) {
                    continue;
                }
                Problem px = x.name().equals(r.name()) ? problem : bundled(x.problem());
                Readings.Fit f = Readings.fit(x, px, settings.samples(), settings.predictionSeed());
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("reading", x.name());
                e.put("fitMean", f.meanFit());
                e.put("fitMedian", f.medianFit());
                e.put("fitDefinition", "mean |log10(predicted / paper)| over the paper's plotted points");
                Map<String, Object> tr = new LinkedHashMap<>();
                f.trends().forEach((k, v) -> tr.put(k, Map.of("mean", v[0], "median", v[1])));
                e.put("trends", tr);
                fits.add(e);
            }
            m.put("fits", fits);
        }
        return m;
    }

    /** {@code --reading list}: the sensitivity table of this experiment's readings (theory only). */
    private Integer listReadings() {
        PrintWriter stdout = spec.commandLine().getOut();
        int mc = samples != null ? OptionChecks.positive("--samples", samples, 0) : 20_000;
        long sd = seed != null ? seed : 1L;
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Readings.Reading r : Readings.of(experiment)) {
            Problem p = bundled(r.problem());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("reading", r.name());
            e.put("description", r.description());
            e.put("default", r.name().equals(Readings.DEFAULTS.get(experiment)));
            e.put("literal", r.literal());
            if (experiment.equals(TaskSelectionExperiment.NAME)) {
                Readings.SelectionSummary s = Readings.selection(p);
                e.put("groups", s.groups());
                e.put("hardness", s.hardness());
                e.put("supportHardness", s.supportHardness());
                e.put("surrogateWeight", s.weight());
                e.put("trends", s.trends());
                sb.append(String.format(Locale.ROOT, "%-16s hardness %s | on support %s | weight %s | %s%n", r.name(),
                        nums(s.hardness()), nums(s.supportHardness()), nums(s.weight()), s.trends()));
            } else {
                Readings.Fit f = Readings.fit(r, p, mc, sd);
                e.put("fitMean", f.meanFit());
                e.put("fitMedian", f.medianFit());
                e.put("mean", f.mean());
                e.put("median", f.median());
                Map<String, Object> tr = new LinkedHashMap<>();
                f.trends().forEach((k, v) -> tr.put(k, Map.of("mean", v[0], "median", v[1])));
                e.put("trends", tr);
                sb.append(String.format(Locale.ROOT, "%-16s fit mean %s, median %s%n", r.name(),
                        TextTable.num(f.meanFit()), TextTable.num(f.medianFit())));
                for (int i = 0; i < Readings.PAPER_NS.length; i++) {
                    sb.append(String.format(Locale.ROOT, "    n = %d  mean %s%n           median %s%n",
                            Readings.PAPER_NS[i], nums(f.mean()[i]), nums(f.median()[i])));
                }
                f.trends().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "    %s: mean %s, median %s%n", k,
                        v[0] ? "holds" : "fails", v[1] ? "holds" : "fails")));
            }
            docs.add(e);
        }
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("experiment", experiment);
            doc.put("samples", mc);
            doc.put("seed", sd);
            doc.put("readings", docs);
            Output.json(stdout, doc);
        } else {
            stdout.print(sb);
            stdout.flush();
        }
        return 0;
    }

    private static String nums(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(TextTable.num(x));
        }
        return b.toString();
    }

    /** A bundled problem from the jar (or the build's classes folder). */
    static Problem bundled(String resource) {
        return ProblemReader.readResource(resource, "bundled:" + resource);
    }

    /** The problem's training settings with the command-line overrides. */
    ExperimentSettings settings(TrainingSettings base) {
        int s = OptionChecks.positive("--steps", steps, quick ? Math.min(QUICK_STEPS, base.steps()) : base.steps());
        int b = OptionChecks.positive("--batch", batch, base.batch());
        int t = OptionChecks.positive("--test-prompts", testPrompts, quick ? Math.min(QUICK_PROMPTS, base.testPrompts()) : base.testPrompts());
        if (t < 2) {
            throw new IllegalArgumentException("--test-prompts: value " + t + " must be >= 2 (the interval needs a standard deviation)");
        }
        int mc = OptionChecks.positive("--samples", samples, quick ? Math.min(QUICK_PROMPTS, t) : t);
        if (mc < 2) {
            throw new IllegalArgumentException("--samples: value " + mc + " must be >= 2 (the interval needs a standard deviation)");
        }
        int th = OptionChecks.positive("--threads", threads, Runtime.getRuntime().availableProcessors());
        TrainingSettings train = new TrainingSettings(base.optimizer(), s, b, base.learningRate(), base.schedule(), t,
                seed == null ? base.seed() : seed);
        return new ExperimentSettings(train, mc, th);
    }

    // ------------------------------------------------------------------ experiments

    /** Everything written and printed for one run. */
    /**
     * Everything written and printed for one run. {@code curvesAll} is null when one figure shows
     * everything; otherwise {@code curves} is limited to the interesting range of k (figure.png)
     * and {@code curvesAll} holds every k (figure-all.png, title {@code titleAll}).
     */
    private record Report(String title, List<Series> series, CsvTable table, List<Curve> curves,
                          Map<String, Object> doc, String human, String markdown, String titleAll,
                          List<Curve> curvesAll) {

        Report(String title, List<Series> series, CsvTable table, List<Curve> curves, Map<String, Object> doc,
               String human, String markdown) {
            this(title, series, table, curves, doc, human, markdown, null, null);
        }
    }

    private Report computeVsContext(Problem problem, ExperimentSettings settings, ProgressListener progress,
                                    boolean testLengthIsN) {
        ComputeVsContextExperiment.Result r = ComputeVsContextExperiment.run(problem,
                ComputeVsContextExperiment.Config.paper(settings).withTestLengthIsN(testLengthIsN), progress);
        String title = String.format(Locale.ROOT, "compute vs context: CoT error vs k (d = %d, m = %s%s)", r.d(),
                testLengthIsN ? "n" : String.valueOf(r.m()), r.sameCovariance() ? ", test = training" : "");
        Map<String, Object> doc = header(problem, settings, r.seconds(), r.m());
        doc.put("ns", r.config().ns());
        doc.put("ks", r.config().ks());
        doc.put("sameCovariance", r.sameCovariance());
        doc.put("series", seriesJson(r.series(), false));
        doc.put("rows", rowsJson(r.rows()));
        ComputeVsContextExperiment.Checks c = r.checks();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("fallsWithK", perSeries(r.series(), c.fallsWithK()));
        checks.put("fallsWithKTheory", perSeries(r.series(), c.fallsWithKTheory()));
        checks.put("largerNLowerAtK1", c.largerNLowerAtK1());
        checks.put("largerNLowerAtK1Separated", c.largerNLowerSeparated());
        checks.put("oneStepToCatch", c.oneStepToCatch());
        checks.put("catchUpMeasured", opt(c.catchUpMeasured()));
        checks.put("catchUpFiniteM", opt(c.catchUpFiniteM()));
        checks.put("catchUpInfiniteM", opt(c.catchUpInfiniteM()));
        doc.put("checks", checks);
        doc.put("verdict", r.verdict());
        String settingsLine = settingsLine(problem, settings, r.m(), "n in " + java.util.Arrays.toString(r.config().ns()));
        return finish(ComputeVsContextExperiment.NAME, title, r.series(), r.rows(), doc, r.verdict(), settingsLine,
                "", r.seconds(), settings);
    }

    private Report overthinking(Problem problem, ExperimentSettings settings, ProgressListener progress,
                                boolean testLengthIsN) {
        OverthinkingExperiment.Result r = OverthinkingExperiment.run(problem,
                OverthinkingExperiment.Config.paper(settings).withTestLengthIsN(testLengthIsN), progress);
        String title = String.format(Locale.ROOT, "overthinking: CoT error vs k (d = %d, m = %s, target %s)", r.d(),
                testLengthIsN ? "n" : String.valueOf(r.m()), problem.target().name());
        Map<String, Object> doc = header(problem, settings, r.seconds(), r.m());
        doc.put("ns", r.config().ns());
        doc.put("kMax", r.config().kMax());
        doc.put("series", seriesJson(r.series(), true));
        doc.put("rows", rowsJson(r.rows()));
        OverthinkingExperiment.Checks c = r.checks();
        List<Map<String, Object>> per = new ArrayList<>();
        for (OverthinkingExperiment.PerN p : c.perN()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("n", p.n());
            e.put("ratio21", p.ratio21());
            e.put("flatToK2", p.flatToK2());
            e.put("kStarMeasured", p.kStarMeasured());
            e.put("rises", p.rises());
            e.put("growthPerStepMeasured", p.growthMeasured());
            e.put("growthPerStepFiniteM", p.growthFiniteM());
            e.put("growthPerStepInfiniteM", p.growthInfiniteM());
            e.put("ratio21InfiniteM", p.ratio21InfiniteM());
            e.put("asymptoticGrowthPerStep", p.asymptoticGrowth());
            e.put("growingDirections", p.growingDirections());
            e.put("muMin", p.muMin());
            e.put("muMax", p.muMax());
            per.add(e);
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("flatFactor", OverthinkingExperiment.FLAT_FACTOR);
        checks.put("perN", per);
        checks.put("fastestForLargestN", c.fastestForLargestN());
        checks.put("fastestForLargestNTheory", c.fastestTheory());
        checks.put("theoryRisesFromK1", c.theoryRisesFromK1());
        checks.put("heavyTailed", c.heavyTailed());
        doc.put("checks", checks);
        doc.put("verdict", r.verdict());
        StringBuilder mu = new StringBuilder("\n### Eigenvalues of P Sigma (m = inf)\n\n| n | mu (ascending) | directions with abs(1 - mu) > 1 |\n|---|---|---|\n");
        for (Series s : r.series()) {
            List<Double> values = s.overthinking().directions().stream().map(Overthinking.Direction::re).sorted().toList();
            StringBuilder v = new StringBuilder();
            for (double x : values) {
                v.append(v.length() == 0 ? "" : ", ").append(TextTable.compact(x));
            }
            mu.append("| ").append(s.n()).append(" | ").append(v).append(" | ").append(s.overthinking().growing()).append(" |\n");
        }
        String settingsLine = settingsLine(problem, settings, r.m(), "n in " + java.util.Arrays.toString(r.config().ns()));
        return finish(OverthinkingExperiment.NAME, title, r.series(), r.rows(), doc, r.verdict(), settingsLine,
                mu.toString(), r.seconds(), settings);
    }

    private Report taskSelection(Problem problem, ExperimentSettings settings, ProgressListener progress) {
        TaskSelectionExperiment.Config base = TaskSelectionExperiment.Config.of(problem, settings);
        TaskSelectionExperiment.Config config = new TaskSelectionExperiment.Config(base.ks(),
                OptionChecks.positive("--budget", budget, base.budget()), budgetM(base.budgetM()), settings);
        TaskSelectionExperiment.Result r = TaskSelectionExperiment.run(problem, config, progress);
        // Short enough (≤ 70 characters for usual names) to fit the chart's width.
        String title = String.format(Locale.ROOT, "task selection on %s (d = %d, n = %d, m = %d)",
                problem.target().name(), r.d(), r.n(), r.m());
        Map<String, Object> doc = header(problem, settings, r.seconds(), r.m());
        doc.put("n", r.n());
        doc.put("ks", r.config().ks());
        doc.put("budget", r.config().budget());
        doc.put("budgetM", r.config().budgetM().isPresent() ? (Object) r.config().budgetM().getAsInt() : "inf");
        doc.put("selectionStatus", r.selectionStatus());
        doc.put("exactStatus", r.exactStatus());
        List<String> names = problem.catalog().names();
        List<Map<String, Object>> mixtures = new ArrayList<>();
        for (TaskSelectionExperiment.Selected s : r.mixtures()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("how", s.how());
            Map<String, Object> g = new LinkedHashMap<>();
            s.groups().forEach(x -> g.put(x.group(), x.weight()));
            e.put("groupWeights", g);
            e.put("surrogateObjective", s.surrogate());
            e.put("exactObjective", s.exact());
            Map<String, Object> w = new LinkedHashMap<>();
            double[] ws = s.weights();
            for (int i = 0; i < ws.length; i++) {
                w.put(names.get(i), ws[i]);
            }
            e.put("weights", w);
            mixtures.add(e);
        }
        doc.put("mixtures", mixtures);
        doc.put("series", seriesJson(r.series(), false));
        doc.put("rows", rowsJson(r.rows()));
        List<Map<String, Object>> ord = new ArrayList<>();
        for (TaskSelectionExperiment.Ordering o : r.orderings()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mixture", o.mixture());
            e.put("heaviest", o.heaviest());
            e.put("lightest", o.lightest());
            e.put("paperOrdering", o.paper());
            e.put("hardShare", o.hardShare());
            ord.add(e);
        }
        List<Map<String, Object>> cmp = new ArrayList<>();
        for (TaskSelectionExperiment.Comparison c : r.comparisons()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("selected", c.selected());
            e.put("baseline", c.baseline());
            e.put("k", c.k());
            e.put("selectedError", c.selectedError());
            e.put("baselineError", c.baselineError());
            e.put("lower", c.lower());
            e.put("separated", c.separated());
            cmp.add(e);
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("orderings", ord);
        checks.put("comparisons", cmp);
        doc.put("checks", checks);
        doc.put("verdict", r.verdict());

        // Group weights, the paper's headline, as a table of its own.
        List<String> groups = new ArrayList<>();
        for (TaskSelectionExperiment.Selected s : r.mixtures()) {
            s.groups().forEach(g -> {
                if (!groups.contains(g.group())) {
                    groups.add(g.group());
                }
            });
        }
        String[] head = new String[groups.size() + 3];
        head[0] = "mixture";
        for (int i = 0; i < groups.size(); i++) {
            head[i + 1] = groups.get(i);
        }
        head[groups.size() + 1] = "surrogate obj.";
        head[groups.size() + 2] = "J_" + r.config().budget() + " (" + mLabel(r.config().budgetM()) + ")";
        TextTable gt = new TextTable(head);
        StringBuilder md = new StringBuilder("\n### Weight per task group\n\n| " + String.join(" | ", head) + " |\n|"
                + "---|".repeat(head.length) + "\n");
        for (TaskSelectionExperiment.Selected s : r.mixtures()) {
            Object[] row = new Object[head.length];
            row[0] = s.name();
            md.append("| ").append(s.name());
            for (int i = 0; i < groups.size(); i++) {
                row[i + 1] = s.group(groups.get(i));
                md.append(" | ").append(TextTable.compact(s.group(groups.get(i))));
            }
            row[groups.size() + 1] = s.surrogate();
            row[groups.size() + 2] = s.exact();
            md.append(" | ").append(TextTable.compact(s.surrogate())).append(" | ").append(TextTable.compact(s.exact()))
                    .append(" |\n");
            gt.row(row);
        }
        md.append("\n").append(markdown(r.selectionStatus() + "; " + r.exactStatus())).append(".\n");
        String settingsLine = settingsLine(problem, settings, r.m(), "n = " + r.n()) + "; exact objective J_"
                + r.config().budget() + " at " + mLabel(r.config().budgetM());
        String extraHuman = "weight per task group:\n" + gt + "\n" + r.selectionStatus() + "\n" + r.exactStatus() + "\n";
        Report rep = finish(TaskSelectionExperiment.NAME, title, r.series(), r.rows(), doc, r.verdict(), settingsLine,
                md.toString(), r.seconds(), settings, r.config().budget());
        return new Report(rep.title, rep.series, rep.table, rep.curves, rep.doc, extraHuman + "\n" + rep.human, rep.markdown,
                rep.titleAll, rep.curvesAll);
    }

    /** {@code --budget-m}: a positive integer or "inf"; absent means the experiment's default. */
    OptionalInt budgetM(OptionalInt fallback) {
        if (budgetM == null) {
            return fallback;
        }
        if (budgetM.equalsIgnoreCase("inf") || budgetM.equalsIgnoreCase("infinity")) {
            return OptionalInt.empty();
        }
        try {
            int v = Integer.parseInt(budgetM.trim());
            if (v >= 1) {
                return OptionalInt.of(v);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--budget-m: value \"" + budgetM + "\" must be a positive integer or \"inf\"");
    }

    private static String mLabel(OptionalInt m) {
        return m.isPresent() ? "m = " + m.getAsInt() : "m = inf";
    }

    // ------------------------------------------------------------------ shared output

    private static Map<String, Object> header(Problem problem, ExperimentSettings settings, double seconds, int m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("problem", problem.name());
        doc.put("source", problem.source());
        doc.put("dimension", problem.dim());
        doc.put("m", m);
        doc.put("normalization", Prediction.NORMALIZATION);
        doc.put("seed", settings.seed());
        Map<String, Object> t = new LinkedHashMap<>();
        TrainingSettings tr = settings.train();
        t.put("optimizer", tr.optimizer());
        t.put("steps", tr.steps());
        t.put("batch", tr.batch());
        t.put("learningRate", tr.learningRate());
        t.put("schedule", tr.schedule());
        t.put("testPrompts", tr.testPrompts());
        t.put("monteCarloSamples", settings.samples());
        doc.put("training", t);
        doc.put("seconds", seconds);
        doc.put("threads", settings.threads());
        return doc;
    }

    private static Map<String, Object> perSeries(List<Series> series, List<Boolean> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            out.put(series.get(i).name(), values.get(i));
        }
        return out;
    }

    private static Object opt(OptionalInt k) {
        return k.isPresent() ? k.getAsInt() : null;
    }

    private static List<Map<String, Object>> seriesJson(List<Series> series, boolean withMu) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : series) {
            TrainingSummary t = s.training();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("n", s.n());
            e.put("completed", t.completed());
            if (!t.completed()) {
                e.put("message", t.message());
            }
            e.put("distanceToOptimum", Double.isNaN(t.distanceToOptimum()) ? null : t.distanceToOptimum());
            e.put("gaugeScale", t.gaugeScale());
            e.put("finalLoss", t.finalLoss());
            e.put("promptsTrained", t.promptsTrained());
            e.put("trainingSeconds", t.seconds());
            e.put("evaluationSeconds", t.evaluationSeconds());
            e.put("offsetFloor", Double.isNaN(t.offsetFloor()) ? null : t.offsetFloor());
            e.put("predictionSeconds", s.predictionSeconds());
            e.put("mInfinity", s.mInfinity());
            e.put("measuredAllK", s.measuredCurve());
            Overthinking ot = s.overthinking();
            e.put("kStarInfiniteM", ot.kStar());
            e.put("growingDirections", ot.growing());
            e.put("maxGrowth", ot.maxGrowth());
            if (withMu) {
                List<Map<String, Object>> mu = new ArrayList<>();
                for (Overthinking.Direction d : ot.directions()) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("re", d.re());
                    x.put("im", d.im());
                    x.put("growth", d.growth());
                    x.put("kind", d.kind().name());
                    mu.add(x);
                }
                e.put("mu", mu);
            }
            out.add(e);
        }
        return out;
    }

    private static List<Map<String, Object>> rowsJson(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("series", r.series());
            e.put("n", r.n());
            e.put("k", r.k());
            e.put("measured", r.measured());
            e.put("ciLow", r.measuredLow());
            e.put("ciHigh", r.measuredHigh());
            e.put("predicted", r.predicted());
            e.put("predictedCiLow", r.predictedLow());
            e.put("predictedCiHigh", r.predictedHigh());
            e.put("predictedMethod", r.method().name());
            e.put("predictedInfiniteM", r.predictedInfinite());
            e.put("agrees", r.agrees());
            e.put("statistic", "measured/predicted = mean over test prompts (BCa 95% interval); *Median = median");
            e.put("measuredMedian", r.measuredMedian());
            e.put("predictedMedian", r.predictedMedian());
            e.put("measuredAsTrained", r.measuredAsTrained());
            out.add(e);
        }
        return out;
    }

    private static String settingsLine(Problem problem, ExperimentSettings s, int m, String what) {
        TrainingSettings t = s.train();
        return String.format(Locale.ROOT, "problem %s (%s), d = %d, m = %d, %s; training %s, %d steps x %d prompts,"
                        + " lr %s %s; %d test prompts, %d Monte Carlo samples; seed %d",
                problem.name(), problem.source(), problem.dim(), m, what, t.optimizer(), t.steps(), t.batch(),
                TextTable.compact(t.learningRate()), t.schedule(), t.testPrompts(), s.samples(), t.seed());
    }

    /** Table, curves, human text and Markdown from the series and verdict. */
    private Report finish(String name, String title, List<Series> series, List<Row> rows, Map<String, Object> doc,
                          List<String> verdict, String settingsLine, String markdownExtra, double seconds,
                          ExperimentSettings settings) {
        return finish(name, title, series, rows, doc, verdict, settingsLine, markdownExtra, seconds, settings, 0);
    }

    /**
     * As above; with {@code kLimit ≥ 1}, figure.png shows only {@code k ≤ kLimit} and
     * figure-all.png every k, so that a few exploding curves at large k do not squash the rest.
     */
    private Report finish(String name, String title, List<Series> series, List<Row> rows, Map<String, Object> doc,
                          List<String> verdict, String settingsLine, String markdownExtra, double seconds,
                          ExperimentSettings settings, int kLimit) {
        int m = series.get(0).m();
        CsvTable csv = new CsvTable("series", "n", "k", "measured", "measuredCiLow", "measuredCiHigh", "predicted",
                "predictedCiLow", "predictedCiHigh", "predictedMethod", "predictedInfiniteM", "agrees", "measuredMedian",
                "predictedMedian", "measuredAsTrained");
        // Under the m = n reading every series has its own test length.
        boolean oneM = series.stream().mapToInt(Series::m).distinct().count() == 1;
        String predictedHead = oneM ? "theory m=" + m : "theory m=n";
        TextTable text = new TextTable("series", "k", "measured", "95% CI", predictedHead, "95% CI", "theory m=inf", "agree",
                "meas. median", "theory median", "as trained");
        StringBuilder mdTable = new StringBuilder("| series | k | measured | 95% CI | " + predictedHead
                + " | 95% CI | theory m=inf | agree | measured median | theory median | as trained |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            csv.row(r.series(), r.n(), r.k(), r.measured(), r.measuredLow(), r.measuredHigh(), r.predicted(),
                    r.predictedLow(), r.predictedHigh(), r.method().name(), r.predictedInfinite(), r.agrees(),
                    r.measuredMedian(), r.predictedMedian(), r.measuredAsTrained());
            String mci = interval(r.measuredLow(), r.measuredHigh());
            String pci = r.method() == Prediction.Method.MONTE_CARLO ? interval(r.predictedLow(), r.predictedHigh()) : "exact";
            text.row(r.series(), r.k(), r.measured(), mci, r.predicted(), pci, r.predictedInfinite(), r.agrees() ? "yes" : "no",
                    r.measuredMedian(), r.predictedMedian(), r.measuredAsTrained());
            mdTable.append("| ").append(r.series()).append(" | ").append(r.k()).append(" | ")
                    .append(TextTable.num(r.measured())).append(" | ").append(mci).append(" | ")
                    .append(TextTable.num(r.predicted())).append(" | ").append(pci).append(" | ")
                    .append(TextTable.num(r.predictedInfinite())).append(" | ").append(r.agrees() ? "yes" : "no")
                    .append(" | ").append(TextTable.num(r.measuredMedian())).append(" | ")
                    .append(TextTable.num(r.predictedMedian())).append(" | ").append(TextTable.num(r.measuredAsTrained()))
                    .append(" |\n");
        }
        List<Curve> curvesAll = curves(series, Integer.MAX_VALUE);
        List<Curve> curves = kLimit >= 1 ? curves(series, kLimit) : curvesAll;
        String titleAll = title + ", all k";
        String figureTitle = kLimit >= 1 ? title + ", k <= " + kLimit : title;
        StringBuilder human = new StringBuilder();
        human.append("reproduce ").append(name).append(": ").append(settingsLine).append('\n');
        human.append("errors per dimension ||w_k - w*||^2 / d; measured = trained model (re-gauged to W_24 = -1;"
                + " 'as trained' = without re-gauging), theory = P(pi) in place of the trained V_31; measured and"
                + " theory are means over test prompts with 95% BCa intervals, medians beside them\n\n");
        human.append(text).append('\n');
        StringBuilder training = new StringBuilder();
        for (Series s : series) {
            TrainingSummary t = s.training();
            training.append(String.format(Locale.ROOT, "  %s: distance to -P(pi) %s, offset floor ||W_14||^2/d %s,"
                            + " final loss %s, train %.1f s, measure %.1f s, predict %.1f s%n", s.name(),
                    Double.isNaN(t.distanceToOptimum()) ? "undefined" : String.format(Locale.ROOT, "%.2f%%", 100 * t.distanceToOptimum()),
                    TextTable.num(t.offsetFloor()), TextTable.num(t.finalLoss()), t.seconds(), t.evaluationSeconds(),
                    s.predictionSeconds()));
        }
        human.append("trained models:\n").append(training).append('\n');
        human.append("verdict against the paper:\n");
        for (String v : verdict) {
            human.append("  - ").append(v).append('\n');
        }
        human.append(String.format(Locale.ROOT, "%ntotal %.1f s on %d threads%n", seconds, settings.threads()));

        StringBuilder md = new StringBuilder();
        md.append("# Reproduction: ").append(name).append("\n\n");
        md.append("`java -jar target/taskmix.jar reproduce ").append(name).append(" --seed ").append(settings.seed())
                .append("`\n\n");
        md.append(markdown(settingsLine)).append(". Errors are per dimension, `||w_k - w*||^2 / d`. *Measured*: the trained"
                + " LSA model on fresh test prompts; *theory*: the same CoT with the population optimum P(pi) in"
                + " place of the trained V_31, at the same m (k = 1 exact, k > 1 Monte Carlo) and at m = inf"
                + " (closed form). Intervals are 95%.\n\n");
        md.append(String.format(Locale.ROOT, "Run time %.0f s on %d threads.%n%n", seconds, settings.threads()));
        md.append("![").append(figureTitle).append("](figure.png)\n\n");
        if (kLimit >= 1) {
            md.append("The figure shows k <= ").append(kLimit).append(" (the budget); every k, including the"
                    + " baselines that blow up at larger k, is in [figure-all.png](figure-all.png):\n\n");
            md.append("![").append(titleAll).append("](figure-all.png)\n\n");
        }
        md.append("## Verdict against the paper\n\n");
        for (String v : verdict) {
            md.append("- ").append(markdown(v)).append('\n');
        }
        md.append("\n## Table\n\n").append(mdTable);
        md.append("\n### Trained models\n\n").append(markdown(training.toString().replace("  ", "- ")));
        md.append(markdownExtra);
        return kLimit >= 1
                ? new Report(figureTitle, series, csv, curves, doc, human.toString(), md.toString(), titleAll, curvesAll)
                : new Report(title, series, csv, curves, doc, human.toString(), md.toString());
    }

    /** Measured (with interval) and theory curves of every series at its table's k up to {@code kLimit}. */
    private static List<Curve> curves(List<Series> series, int kLimit) {
        List<Curve> curves = new ArrayList<>();
        for (Series s : series) {
            List<Row> rows = s.rows().stream().filter(r -> r.k() <= kLimit).toList();
            if (rows.isEmpty()) {
                continue;
            }
            int m = s.m();
            int[] ks = rows.stream().mapToInt(Row::k).toArray();
            double[] mean = rows.stream().mapToDouble(Row::measured).toArray();
            double[] lo = rows.stream().mapToDouble(Row::measuredLow).toArray();
            double[] hi = rows.stream().mapToDouble(Row::measuredHigh).toArray();
            double[] pred = rows.stream().mapToDouble(Row::predicted).toArray();
            double[] predMedian = rows.stream().mapToDouble(Row::predictedMedian).toArray();
            double[] measMedian = rows.stream().mapToDouble(Row::measuredMedian).toArray();
            curves.add(Curve.measured(s.name() + " measured mean", s.name(), ks, mean, lo, hi));
            curves.add(Curve.theory(s.name() + " theory mean (m = " + m + ")", s.name(), ks, pred));
            if (!Double.isNaN(measMedian[0])) {
                curves.add(Curve.measured(s.name() + " measured median", s.name(), ks, measMedian, measMedian,
                        measMedian).withStatistic(Curve.Statistic.MEDIAN));
            }
            curves.add(Curve.theory(s.name() + " theory median (m = " + m + ")", s.name(), ks, predMedian).withStatistic(Curve.Statistic.MEDIAN));
        }
        return curves;
    }

    /** Plain text as Markdown: asterisks ("w*", "P*S_m") would otherwise pair up as emphasis. */
    static String markdown(String text) {
        return text.replace("*", "\\*");
    }

    private static String interval(double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "-";
        }
        return "[" + TextTable.num(lo) + ", " + TextTable.num(hi) + "]";
    }
}
