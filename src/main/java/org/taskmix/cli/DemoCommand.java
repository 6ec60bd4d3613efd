package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.SelectionJson;
import org.taskmix.report.TextTable;
import org.taskmix.io.Provenance;
import org.taskmix.io.ResourceLimits;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.Selection;
import org.taskmix.theory.ExactSelection;
import org.taskmix.theory.Prediction;
import org.taskmix.study.experiments.TaskSelectionExperiment;
import org.taskmix.study.MixtureResolver;
import org.taskmix.study.MixtureSpec;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the main job on the built-in default problem (the paper's task-selection
 * set-up): diagnostics, optimal weights from the surrogate and from the exact CoT objective,
 * baselines, predicted and trained-model error vs k for each mixture, k*, and a report folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = {"The main job on the built-in default problem (the paper's task-selection set-up, d = 50,"
                + " 20 tasks of four types): diagnostics, optimal weights from the surrogate and from the exact CoT"
                + " objective, baselines, predicted and trained-model CoT error vs k, and a report folder"
                + " (index.html, report.json, weights.csv, curves.csv, PNG plots).",
                "Takes about a minute or two on 2 cores."})
public final class DemoCommand implements Callable<Integer> {

    /** The built-in default problem. */
    static final String DEFAULT_PROBLEM = "paper-task-selection";

    @Option(names = "--problem", paramLabel = "FILE", description = "Run on this problem file instead of the built-in one.")
    Path problemFile;

    /** The report folder without {@code --out}. */
    static final Path DEFAULT_OUT = Path.of("taskmix-demo");

    @Mixin
    OutputDir output;

    @Option(names = "--k", paramLabel = "K", defaultValue = "8",
            description = "CoT budget K of the exact objective (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "600",
            description = "Training steps per trained mixture (default: ${DEFAULT-VALUE}; batch from the problem's"
                    + " settings.train).")
    int steps;

    @Mixin
    MonteCarloOptions monteCarlo;

    @Mixin
    TestLengthOption m;

    /** The test length this run uses: {@code --m} or settings.m. */
    private TestLength testM;

    @Option(names = "--no-train", description = "Skip training: theory only (seconds instead of a minute).")
    boolean noTrain;

    @Mixin
    CommonOptions common;

    @Mixin
    FilterOptions filters;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        OptionChecks.positive("--k", budget, budget);
        OptionChecks.positive("--steps", steps, steps);
        int samples = monteCarlo.samples();
        Path out = output.dirOr(DEFAULT_OUT);
        report.check(out, "index.html");
        long t0 = System.nanoTime();
        PrintWriter stdout = common.out();
        PrintWriter stderr = common.err();
        Problem problem = filters.apply(problemFile == null ? ProblemReader.readBuiltIn(DEFAULT_PROBLEM)
                : ProblemReader.read(problemFile));
        testM = m.or(problem.settings().m());
        if (!noTrain && testM.value().isPresent()) {
            ResourceLimits.checkOption("--m", testM.value().getAsLong());
        }
        int kMax = Math.max(problem.settings().kMax(), budget);
        TrainingSettings base = problem.settings().train();
        long theSeed = monteCarlo.seed.or(base.seed());
        TrainingSettings train = base.withSteps(steps).withSeed(theSeed);
        Provenance.noteSeed("train", theSeed);
        Provenance.noteSeed("monteCarlo", theSeed);

        // 1. Diagnostics.
        ProblemDiagnostics diag = ProblemDiagnostics.of(problem);
        if (!common.json()) {
            stdout.println("== 1. The catalog and the target");
            stdout.print(InspectCommand.humanReport(problem, diag));
            stdout.flush();
        }

        // 2. Surrogate optimum and the exact CoT objective at the demo's m.
        progress(stderr, "solving the surrogate program ...");
        MixtureResolver resolver = MixtureResolver.of(problem, false);
        Selection.Solution s = resolver.solution();
        MixtureSpec.Exact exactSpec = new MixtureSpec.Exact(OptionalInt.of(budget), testM);
        progress(stderr, "minimising the exact CoT objective J_" + budget + " at m = " + testM
                + " from the surrogate optimum (the slow step) ...");
        long te = System.nanoTime();
        List<Mixture> mixtures = new ArrayList<>();
        mixtures.add(resolver.resolve(MixtureSpec.SURROGATE));
        mixtures.add(resolver.resolve(exactSpec));
        double exactSeconds = (System.nanoTime() - te) / 1e9;
        ExactSelection.Result exact = resolver.exactResults().get(exactSpec.label());
        mixtures.addAll(resolver.allBaselines());

        // 3. Predict every mixture; train the selected ones and the paper's baselines.
        Study.Options options = new Study.Options(kMax, testM, samples, theSeed, !noTrain, train,
                Runtime.getRuntime().availableProcessors(), null);
        Set<String> trained = new LinkedHashSet<>(List.of(MixtureSpec.SURROGATE.label(), exactSpec.label()));
        trained.addAll(Baselines.PAPER);
        progress(stderr, "predicting every mixture" + (noTrain ? "" : " and training the LSA model on "
                + String.join(", ", trained.stream().filter(n -> mixtures.stream().anyMatch(x -> x.name().equals(n))).toList())));
        List<Study.Entry> entries = Study.run(problem, s.program(), mixtures, options, trained,
                ProgressBars.on(stderr, common.progress()));

        // 4. Report.
        Map<String, Object> doc = reportJson(problem, diag, s, exact, exactSeconds, entries, train, kMax);
        DemoReport.write(new DemoReport.Run(problem, diag, s, exact, entries, kMax, theSeed, !noTrain, testM), out,
                report.requested() ? report.file(out, "index.html") : out.resolve("index.html"), report);
        double seconds = (System.nanoTime() - t0) / 1e9;
        doc.put("seconds", seconds);
        Output.write(out.resolve("report.json"), "report", doc);
        common.print(stdout, "report", doc, () -> summary(problem, s, exact, exactSeconds, entries, kMax)
                + String.format(Locale.ROOT, "%nreport written to %s (open %s); %.1f s in all%n", out,
                        out.resolve("index.html"), seconds));
        return 0;
    }

    private void progress(PrintWriter err, String line) {
        if (common.progress()) {
            err.println("taskmix: " + line);
            err.flush();
        }
    }

    /** Weight per group, in group order of first appearance. */
    static Map<String, Double> groupWeights(Problem problem, double[] w) {
        Map<String, Double> g = new LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) {
            String group = problem.catalog().task(i).group();
            g.merge(group == null ? "(none)" : group, w[i], Double::sum);
        }
        return g;
    }

    private String summary(Problem problem, Selection.Solution s, ExactSelection.Result exact, double exactSeconds,
                           List<Study.Entry> entries, int kMax) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n== 2. Selected mixtures\n");
        sb.append(String.format(Locale.ROOT, "surrogate optimum: objective %s, %s, duality gap %s (solver %s)%n",
                TextTable.num(s.result().objective()), s.result().status(), TextTable.num(s.result().certificate().gap()),
                s.result().solver()));
        sb.append(String.format(Locale.ROOT, "exact optimum (J_%d at m = %s): %s -> %s (%s), surrogate objective %s -> %s,"
                        + " %s in %.1f s, stationarity gap %s%n", exact.k(), testM,
                TextTable.num(exact.atStart().exact()), TextTable.num(exact.atResult().exact()),
                pct(-exact.improvement()), TextTable.num(exact.atStart().surrogate()),
                TextTable.num(exact.atResult().surrogate()), exact.status(), exactSeconds,
                TextTable.num(exact.frankWolfeGap())));
        if (exact.m().isPresent() && exact.k() > 1) {
            sb.append("  (").append(exact.method()).append(": not certified; the per-prompt error is heavy-tailed,"
                    + " so compare medians too; 'solve --objective exact' runs the SAA procedure with an out-of-sample"
                    + " gap interval)\n");
        }
        Map<String, Double> gs = groupWeights(problem, s.result().weights().toArray());
        Map<String, Double> ge = groupWeights(problem, exact.weights().toArray());
        TextTable g = new TextTable("group", "surrogate weight", "exact weight");
        for (String key : gs.keySet()) {
            g.row(key, gs.get(key), ge.get(key));
        }
        sb.append("\nweight per group:\n").append(g);
        sb.append(paperOrdering(gs, "surrogate")).append(paperOrdering(ge, "exact"));
        sb.append("\n== 3. CoT error per dimension on ").append(problem.target().name()).append(" at m = ")
                .append(testM).append(" (predicted by theory; measured on the trained LSA model)\n");
        int[] ks = StudyOutput.thin(StudyOutput.reportedKs(problem, kMax), 5);
        sb.append(StudyOutput.table(entries, ks));
        sb.append(verdict(entries, exact.k(), entries.get(1).mixture().name()));
        return sb.toString();
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * x);
    }

    /** Whether the paper's ordering (Hard-Long most, Easy-Short least) appears, in one line. */
    static String paperOrdering(Map<String, Double> groups, String label) {
        if (!groups.containsKey(TaskSelectionExperiment.PAPER_HEAVIEST) || !groups.containsKey(TaskSelectionExperiment.PAPER_LIGHTEST)) {
            return "";
        }
        TaskSelectionExperiment.Ordering o = TaskSelectionExperiment.Ordering.of(label, groups);
        return String.format(Locale.ROOT, "%s: most weight on %s, least on %s -- the paper's ordering (Hard-Long most,"
                + " Easy-Short least) %s%n", label, o.heaviest(), o.lightest(), o.paper() ? "appears" : "does NOT appear");
    }

    /** Plain lines comparing the selected mixtures with uniform and easy-only at the budget k. */
    static String verdict(List<Study.Entry> entries, int k, String exactLabel) {
        StringBuilder sb = new StringBuilder("\n");
        Study.Entry best = null;
        for (Study.Entry e : entries) {
            if (e.prediction() != null && (best == null || e.predicted(k) < best.predicted(k))) {
                best = e;
            }
        }
        if (best != null) {
            sb.append("lowest predicted error at k = ").append(k).append(": ").append(best.mixture().name())
                    .append(" (").append(TextTable.num(best.predicted(k))).append(")\n");
        }
        for (String sel : List.of(exactLabel, MixtureSpec.SURROGATE.label())) {
            Study.Entry a = find(entries, sel);
            for (String other : List.of("uniform", "easy-only")) {
                Study.Entry b = find(entries, other);
                if (a == null || b == null) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "%s vs %s at k = %d: predicted %s vs %s", sel, other, k,
                        TextTable.num(a.predicted(k)), TextTable.num(b.predicted(k))));
                if (!Double.isNaN(a.measured(k)) && !Double.isNaN(b.measured(k))) {
                    sb.append(String.format(Locale.ROOT, "; measured %s vs %s (%s)", TextTable.num(a.measured(k)),
                            TextTable.num(b.measured(k)), a.measured(k) < b.measured(k) ? sel + " better" : other + " better"));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static Study.Entry find(List<Study.Entry> entries, String name) {
        return entries.stream().filter(e -> e.mixture().name().equals(name)).findFirst().orElse(null);
    }

    private Map<String, Object> reportJson(Problem problem, ProblemDiagnostics diag, Selection.Solution s,
                                           ExactSelection.Result exact, double exactSeconds,
                                           List<Study.Entry> entries, TrainingSettings train, int kMax) {
        Map<String, Object> doc = Output.fields("problem", problem.name(), "source", problem.source(),
                "normalization", Prediction.NORMALIZATION,
                "m", testM.value().isPresent() ? (Object) testM.value().getAsLong() : Double.POSITIVE_INFINITY,
                "n", problem.settings().n(), "kMax", kMax, "seed", train.seed(),
                "diagnostics", InspectCommand.toJson(problem, diag),
                "surrogate", SelectionJson.solution(s, SelectionJson.SURROGATE));
        Map<String, Object> ex = SelectionJson.exactSolution(s, exact, exactSeconds);
        ex.remove("surrogate");
        doc.put("exact", ex);
        doc.put("groupWeights", Output.fields("surrogate", groupWeights(problem, s.result().weights().toArray()),
                "exact", groupWeights(problem, exact.weights().toArray())));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Study.Entry e : entries) {
            Map<String, Object> m = Output.fields("name", e.mixture().name(), "note", e.mixture().note(),
                    "objective", e.surrogateObjective(),
                    "weights", SelectionJson.weights(problem.catalog().names(), e.mixture().weights()));
            StudyOutput.addFields(m, e, train.batch());
            list.add(m);
        }
        doc.put("mixtures", list);
        doc.put("training", Output.training(train, monteCarlo.samples()));
        return doc;
    }

    static Map<String, Double> sorted(Map<String, Double> m) {
        return new TreeMap<>(m);
    }
}
