package org.taskmix.cli;

import static org.taskmix.cli.ReproduceOutput.curves;
import static org.taskmix.cli.ReproduceOutput.finish;
import static org.taskmix.cli.ReproduceOutput.header;
import static org.taskmix.cli.ReproduceOutput.mLabel;
import static org.taskmix.cli.ReproduceOutput.markdown;
import static org.taskmix.cli.ReproduceOutput.opt;
import static org.taskmix.cli.ReproduceOutput.perSeries;
import static org.taskmix.cli.ReproduceOutput.rowsJson;
import static org.taskmix.cli.ReproduceOutput.seriesJson;
import static org.taskmix.cli.ReproduceOutput.settingsLine;

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
import org.taskmix.cli.ReproduceOutput.Report;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.report.Charts;
import org.taskmix.report.TextTable;
import org.taskmix.theory.Overthinking;
import org.taskmix.validation.ProgressListener;
import org.taskmix.study.experiments.ComputeVsContextExperiment;
import org.taskmix.study.experiments.ExperimentSettings;
import org.taskmix.study.experiments.OverthinkingExperiment;
import org.taskmix.study.experiments.Readings;
import org.taskmix.study.experiments.Series;
import org.taskmix.study.experiments.TaskSelectionExperiment;
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
@Command(name = "reproduce", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
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

    @Mixin
    OutputDir out;

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
            + " objective, or inf for the closed form (default: the problem's m, the length the models are measured at).",
            converter = Converters.Length.class)
    org.taskmix.study.TestLength budgetM;

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
        Path dir = out.dirOr(Path.of("reproduce-out", experiment));
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

        Map<String, Object> doc = report.doc();
        doc.put("reading", readingJson(theReading, problem, settings));
        List<String> files = report.curvesAll() == null
                ? List.of("table.csv", "result.json", "figure.png", "summary.md")
                : List.of("table.csv", "result.json", "figure.png", "figure-all.png", "summary.md");
        doc.put("files", files);
        report.table().write(dir.resolve("table.csv"));
        Output.write(dir.resolve("result.json"), "reproduce", doc);
        Charts.errorVsK(report.title(), report.curves(), dir.resolve("figure.png"));
        if (report.curvesAll() != null) {
            Charts.errorVsK(report.titleAll(), report.curvesAll(), dir.resolve("figure-all.png"));
        }
        AtomicFiles.writeString(dir.resolve("summary.md"), report.markdown());
        if (common.json()) {
            Output.json(stdout, "reproduce", doc);
        } else {
            stdout.print(report.human());
            stdout.println();
            stdout.println("wrote " + String.join(", ", files) + " into " + dir);
            stdout.flush();
        }
        List<String> diverged = new ArrayList<>();
        for (Series s : report.series()) {
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
        Map<String, Object> m = Output.fields("name", r.name(), "description", r.description());
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
                Map<String, Object> e = Output.fields("reading", x.name(), "fitMean", f.meanFit(),
                        "fitMedian", f.medianFit(),
                        "fitDefinition", "mean |log10(predicted / paper)| over the paper's plotted points");
                Map<String, Object> tr = new LinkedHashMap<>();
                f.trends().forEach((k, v) -> tr.put(k, Output.fields("mean", v[0], "median", v[1])));
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
            Map<String, Object> e = Output.fields("reading", r.name(), "description", r.description(),
                    "default", r.name().equals(Readings.DEFAULTS.get(experiment)), "literal", r.literal());
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
                f.trends().forEach((k, v) -> tr.put(k, Output.fields("mean", v[0], "median", v[1])));
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
            Map<String, Object> doc = Output.fields("experiment", experiment, "samples", mc, "seed", sd,
                    "readings", docs);
            Output.json(stdout, "reproduce", doc);
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
        TrainingSettings train = base.withSteps(s).withBatch(b).withTestPrompts(t).withSeed(seed == null ? base.seed() : seed);
        org.taskmix.io.Provenance.noteSeed("train", train.seed());
        return new ExperimentSettings(train, mc, th);
    }

    // ------------------------------------------------------------------ experiments

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
        Map<String, Object> checks = Output.fields("fallsWithK", perSeries(r.series(), c.fallsWithK()),
                "fallsWithKTheory", perSeries(r.series(), c.fallsWithKTheory()),
                "largerNLowerAtK1", c.largerNLowerAtK1(), "largerNLowerAtK1Separated", c.largerNLowerSeparated(),
                "oneStepToCatch", c.oneStepToCatch(), "catchUpMeasured", opt(c.catchUpMeasured()),
                "catchUpFiniteM", opt(c.catchUpFiniteM()), "catchUpInfiniteM", opt(c.catchUpInfiniteM()));
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
            Map<String, Object> e = Output.fields("n", p.n(), "ratio21", p.ratio21(), "flatToK2", p.flatToK2(),
                    "kStarMeasured", p.kStarMeasured(), "rises", p.rises(), "growthPerStepMeasured", p.growthMeasured(),
                    "growthPerStepFiniteM", p.growthFiniteM(), "growthPerStepInfiniteM", p.growthInfiniteM(),
                    "ratio21InfiniteM", p.ratio21InfiniteM(), "asymptoticGrowthPerStep", p.asymptoticGrowth(),
                    "growingDirections", p.growingDirections(), "muMin", p.muMin(), "muMax", p.muMax());
            per.add(e);
        }
        Map<String, Object> checks = Output.fields("flatFactor", OverthinkingExperiment.FLAT_FACTOR, "perN", per,
                "fastestForLargestN", c.fastestForLargestN(), "fastestForLargestNTheory", c.fastestTheory(),
                "theoryRisesFromK1", c.theoryRisesFromK1(), "heavyTailed", c.heavyTailed());
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
        ReproduceOutput.taskSelectionJson(doc, problem, r);

        ReproduceOutput.GroupTable groups = ReproduceOutput.groupTable(r);
        TextTable gt = groups.text();
        StringBuilder md = groups.markdown();
        md.append("\n").append(markdown(r.selectionStatus() + "; " + r.exactStatus())).append(".\n");
        String settingsLine = settingsLine(problem, settings, r.m(), "n = " + r.n()) + "; exact objective J_"
                + r.config().budget() + " at " + mLabel(r.config().budgetM());
        String extraHuman = "weight per task group:\n" + gt + "\n" + r.selectionStatus() + "\n" + r.exactStatus() + "\n";
        Report rep = finish(TaskSelectionExperiment.NAME, title, r.series(), r.rows(), doc, r.verdict(), settingsLine,
                md.toString(), r.seconds(), settings, r.config().budget());
        return new Report(rep.title(), rep.series(), rep.table(), rep.curves(), rep.doc(), extraHuman + "\n" + rep.human(), rep.markdown(),
                rep.titleAll(), rep.curvesAll());
    }

    /** {@code --budget-m}: a test length or inf; absent means the experiment's default. */
    OptionalInt budgetM(OptionalInt fallback) {
        return budgetM == null ? fallback : budgetM.asInt("--budget-m");
    }
}
