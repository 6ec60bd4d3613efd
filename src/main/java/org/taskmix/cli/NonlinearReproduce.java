package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.taskmix.catalog.Problem;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.TransformerSettingsReader;
import org.taskmix.nonlinear.ExperimentPlan;
import org.taskmix.nonlinear.NonlinearExperiments;
import org.taskmix.nonlinear.NonlinearExperiments.Cell;
import org.taskmix.nonlinear.NonlinearExperiments.Condition;
import org.taskmix.nonlinear.NonlinearExperiments.Outcome;
import org.taskmix.nonlinear.NonlinearExperiments.RankCorrelation;
import org.taskmix.nonlinear.NonlinearExperiments.RunRecord;
import org.taskmix.nonlinear.TransformerSettings;
import org.taskmix.report.Charts;
import org.taskmix.report.CsvTable;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;

/**
 * {@code reproduce nonlinear-compute-vs-context | nonlinear-overthinking | nonlinear-task-selection}:
 * the paper's transformer experiments (docs/theory.md §9). Writes {@code table.csv} (seed-aggregated),
 * {@code runs.csv} (every run), {@code result.json}, one figure per {@code K_train}
 * ({@code figure-ktrain1.png}, …: median over test prompts, mean ± std over seeds, the linear
 * theory dashed) and {@code summary.md} into {@code --out}.
 */
final class NonlinearReproduce {

    /** Bundled problem of each experiment. */
    static final Map<String, String> BUNDLED = Map.of(
            NonlinearExperiments.COMPUTE_VS_CONTEXT, "problems/nonlinear-compute-vs-context.json",
            NonlinearExperiments.OVERTHINKING, "problems/nonlinear-overthinking.json",
            NonlinearExperiments.TASK_SELECTION, "problems/nonlinear-task-selection.json");

    private NonlinearReproduce() {
    }

    static int run(ReproduceCommand c) {
        String resource = BUNDLED.get(c.experiment);
        Problem problem = c.problemFile != null ? ProblemReader.read(c.problemFile) : ReproduceCommand.bundled(resource);
        TransformerSettingsReader.Plans plans = c.problemFile != null
                ? TransformerSettingsReader.read(c.problemFile, problem)
                : TransformerSettingsReader.readResource(resource, "bundled:" + resource, problem);
        ExperimentPlan plan = withOptions(c, c.quick ? plans.quick() : plans.full());
        TransformerCommands.engine(c.threads);
        Path dir = c.out.dirOr(Path.of("reproduce-out", c.experiment));
        PrintWriter stdout = c.spec.commandLine().getOut();
        PrintWriter stderr = c.spec.commandLine().getErr();
        String loadBefore = load();
        double budget = budgetSeconds(c);
        Outcome o = NonlinearExperiments.run(c.experiment, problem, plan, budget,
                ProgressBars.on(stderr, c.common.progress()));
        String loadAfter = load();

        CsvTable table = tableCsv(o);
        CsvTable runs = runsCsv(o, plan);
        Map<String, Object> doc = resultJson(c, problem, plan, o, loadBefore, loadAfter);

        List<String> files = new ArrayList<>(List.of("table.csv", "runs.csv", "result.json"));
        table.write(dir.resolve("table.csv"));
        runs.write(dir.resolve("runs.csv"));
        for (int kTrain : plan.kTrains()) {
            String name = "figure-ktrain" + kTrain + ".png";
            Charts.errorVsK(title(c.experiment, plan, kTrain), curves(o, kTrain), dir.resolve(name));
            files.add(name);
        }
        files.add("summary.md");
        doc.put("files", files);
        Output.write(dir.resolve("result.json"), "reproduce", doc);
        String md = markdown(c.experiment, problem, plan, o, c.quick, loadBefore, loadAfter, files);
        AtomicFiles.writeString(dir.resolve("summary.md"), md);
        if (c.common.json()) {
            Output.json(stdout, "reproduce", doc);
        } else {
            stdout.print(md);
            stdout.println();
            stdout.println("wrote " + String.join(", ", files) + " into " + dir);
            stdout.flush();
        }
        if (!o.diverged().isEmpty()) {
            List<String> msgs = o.diverged().stream().map(r -> r.condition() + " K_train " + r.kTrain() + " seed " + r.seed()
                    + ": " + r.training().message()).toList();
            stderr.println("taskmix: error: training diverged (" + String.join("; ", msgs) + ")");
            stderr.flush();
            return Main.EXIT_INPUT;
        }
        return 0;
    }

    /** The plan with the command-line overrides (--steps, --batch, --test-prompts, --seed, --seeds) applied. */
    private static ExperimentPlan withOptions(ReproduceCommand c, ExperimentPlan plan) {
        TransformerSettings s = plan.settings();
        int steps = OptionChecks.positive("--steps", c.steps, s.steps());
        s = new TransformerSettings(steps, OptionChecks.positive("--batch", c.batch, s.batch()), s.learningRate(),
                Math.min(s.warmup(), steps), s.kTrain(), OptionChecks.positive("--test-prompts", c.testPrompts, s.testPrompts()),
                c.seed == null ? s.seed() : c.seed);
        plan = new ExperimentPlan(plan.config(), s, plan.kTrains(), OptionChecks.positive("--seeds", c.seeds, plan.seeds()),
                plan.kMax(), plan.ns(), plan.mEqualsN());
        return plan;
    }

    /** --max-minutes in seconds (unbounded without it). */
    private static double budgetSeconds(ReproduceCommand c) {
        double budget = Double.POSITIVE_INFINITY;
        if (c.maxMinutes != null) {
            if (!(c.maxMinutes > 0 && Double.isFinite(c.maxMinutes))) {
                throw new IllegalArgumentException("--max-minutes: value " + c.maxMinutes + " must be finite and > 0");
            }
            budget = 60 * c.maxMinutes;
        }
        return budget;
    }

    /** table.csv: one row per condition, K_train and k. */
    private static CsvTable tableCsv(Outcome o) {
        CsvTable table = new CsvTable("condition", "kTrain", "k", "seeds", "meanError", "meanErrorSd", "medianError",
                "medianErrorSd", "linearTheoryMean");
        for (Cell x : o.cells()) {
            table.row(x.condition(), x.kTrain(), x.k(), x.seeds(), x.mean(), x.meanSd(), x.median(), x.medianSd(),
                    Double.isFinite(x.predicted()) ? x.predicted() : "");
        }
        return table;
    }

    /** runs.csv: one row per training run, with its measured curve. */
    private static CsvTable runsCsv(Outcome o, ExperimentPlan plan) {
        List<String> runHead = new ArrayList<>(List.of("condition", "kTrain", "seed", "status", "firstLoss", "finalLoss",
                "trainingSeconds", "promptsPerSecond", "tokensPerSecond"));
        for (int k = 1; k <= plan.kMax(); k++) {
            runHead.add("mean_k" + k);
        }
        for (int k = 1; k <= plan.kMax(); k++) {
            runHead.add("median_k" + k);
        }
        CsvTable runs = new CsvTable(runHead);
        for (RunRecord r : o.runs()) {
            List<Object> row = new ArrayList<>(List.of(r.condition(), r.kTrain(), r.seed(), r.training().status().name(),
                    r.training().firstLoss(), r.training().finalLoss(), r.training().seconds(),
                    r.training().promptsPerSecond(), r.training().tokensPerSecond()));
            for (int k = 1; k <= plan.kMax(); k++) {
                row.add(r.curve() == null ? "" : r.curve().at(k).mean());
            }
            for (int k = 1; k <= plan.kMax(); k++) {
                row.add(r.curve() == null ? "" : r.curve().at(k).median());
            }
            runs.row(row);
        }
        return runs;
    }

    /** result.json without "files", which the caller adds once they are written. */
    private static Map<String, Object> resultJson(ReproduceCommand c, Problem problem, ExperimentPlan plan, Outcome o,
                                                  String loadBefore, String loadAfter) {
        Map<String, Object> doc = Output.fields("format", "taskmix/reproduce-1", "experiment", c.experiment,
                "problem", problem.name(), "d", problem.dim(), "mode", c.quick ? "quick" : "full",
                "model", "transformer:" + plan.config().name(),
                "architecture", TransformerCommands.architecture(plan.config()), "normalization", "per-dimension",
                "settings", settingsJson(plan), "verdicts", o.verdicts(), "mixtures", o.mixtures(),
                "rankCorrelations", ranksJson(o), "table", cellsJson(o), "runs", runsJson(o, plan),
                "seconds", o.seconds(), "runsPlanned", plan.seeds() * plan.kTrains().size() * o.conditions().size(),
                "runsDone", o.runs().size(), "loadAverageBefore", loadBefore, "loadAverageAfter", loadAfter,
                "cores", Runtime.getRuntime().availableProcessors());
        return doc;
    }

    private static List<Map<String, Object>> ranksJson(Outcome o) {
        List<Map<String, Object>> ranks = new ArrayList<>();
        for (RankCorrelation r : o.ranks()) {
            ranks.add(Output.record(r, "rho", "spearman"));
        }
        return ranks;
    }

    private static List<Map<String, Object>> cellsJson(Outcome o) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Cell x : o.cells()) {
            Map<String, Object> e = Output.record(x, "mean", "meanError", "meanSd", "meanErrorSd", "median", "medianError",
                    "medianSd", "medianErrorSd", "predicted", "linearTheoryMean");
            // Where the linear theory does not apply the field is null, not the one writer's NaN text.
            e.put("linearTheoryMean", Double.isFinite(x.predicted()) ? x.predicted() : null);
            cells.add(e);
        }
        return cells;
    }

    private static List<Map<String, Object>> runsJson(Outcome o, ExperimentPlan plan) {
        List<Map<String, Object>> runDocs = new ArrayList<>();
        for (RunRecord r : o.runs()) {
            Map<String, Object> e = Output.fields("condition", r.condition(), "seed", r.seed());
            e.put("training", TransformerCommands.trainingJson(r.training(), plan.settings().withKTrain(r.kTrain()),
                    o.conditions().stream().filter(x -> x.name().equals(r.condition())).findFirst().orElseThrow().n()));
            e.put("measured", r.curve() == null ? List.of() : TransformerCommands.curveJson(r.curve()));
            runDocs.add(e);
        }
        return runDocs;
    }

    private static String title(String experiment, ExperimentPlan plan, int kTrain) {
        // Short enough for the chart's width; the summary says the rest.
        return experiment + ", K_train = " + kTrain + " (median; +- std over seeds)";
    }

    /** Per condition: measured median (mean ± sd over seeds as the band) and the linear theory dashed. */
    static List<Curve> curves(Outcome o, int kTrain) {
        List<Curve> out = new ArrayList<>();
        int kMax = o.plan().kMax();
        int[] ks = java.util.stream.IntStream.rangeClosed(1, kMax).toArray();
        for (Condition c : o.conditions()) {
            double[] y = new double[kMax];
            double[] lo = new double[kMax];
            double[] hi = new double[kMax];
            double[] th = new double[kMax];
            boolean theory = true;
            for (int k = 1; k <= kMax; k++) {
                Cell x = o.cell(c.name(), kTrain, k);
                y[k - 1] = x.median();
                double sd = Double.isFinite(x.medianSd()) ? x.medianSd() : 0;
                // Log axis: a band reaching 0 is drawn from a tenth of the value.
                lo[k - 1] = Math.max(x.median() - sd, x.median() / 10);
                hi[k - 1] = x.median() + sd;
                th[k - 1] = x.predicted();
                theory &= Double.isFinite(x.predicted());
            }
            if (x0(y)) {
                out.add(Curve.measured(c.name() + " transformer", c.name(), ks, y, lo, hi));
            }
            if (theory) {
                out.add(Curve.theory(c.name() + " linear theory (mean)", c.name(), ks, th));
            }
        }
        return out;
    }

    private static boolean x0(double[] y) {
        for (double v : y) {
            if (!(v > 0 && Double.isFinite(v))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> settingsJson(ExperimentPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        TransformerSettings s = plan.settings();
        m.put("preset", plan.config().name());
        m.put("layers", plan.config().layers());
        m.put("heads", plan.config().heads());
        m.put("width", plan.config().width());
        m.put("steps", s.steps());
        m.put("batch", s.batch());
        m.put("learningRate", s.learningRate());
        m.put("warmup", s.warmup());
        m.put("kTrain", plan.kTrains());
        m.put("testPrompts", s.testPrompts());
        m.put("firstSeed", s.seed());
        m.put("seeds", plan.seeds());
        m.put("kMax", plan.kMax());
        m.put("n", plan.ns());
        m.put("mEqualsN", plan.mEqualsN());
        return m;
    }

    private static String markdown(String experiment, Problem problem, ExperimentPlan plan, Outcome o, boolean quick,
                                   String before, String after, List<String> files) {
        StringBuilder sb = new StringBuilder();
        TransformerSettings s = plan.settings();
        sb.append("# reproduce ").append(experiment).append(quick ? " (quick)" : "").append("\n\n");
        sb.append(String.format(Locale.ROOT, "Problem `%s` (d = %d). Transformer `%s`: %s. Adam, lr %s (warm-up %d, cosine),"
                        + " %d steps x %d prompts, K_train in %s, %d seeds from %d, %d test prompts, k = 1..%d.%n%n",
                problem.name(), problem.dim(), plan.config().name(), TransformerCommands.architecture(plan.config()),
                s.learningRate(), s.warmup(), s.steps(), s.batch(), plan.kTrains(), plan.seeds(), s.seed(), s.testPrompts(),
                plan.kMax()));
        sb.append(String.format(Locale.ROOT, "Ran in %.0f s on %d cores; load average before %s, after %s.%n%n", o.seconds(),
                Runtime.getRuntime().availableProcessors(), before, after));
        int planned = plan.seeds() * plan.kTrains().size() * o.conditions().size();
        if (o.runs().size() < planned) {
            sb.append(String.format(Locale.ROOT, "**Stopped at the time budget (--max-minutes) after %d of %d planned training"
                    + " runs**: each cell below says how many seeds it averages (table.csv, column seeds).%n%n",
                    o.runs().size(), planned));
        }
        int minSeeds = o.cells().stream().mapToInt(Cell::seeds).min().orElse(0);
        int maxSeeds = o.cells().stream().mapToInt(Cell::seeds).max().orElse(0);
        sb.append(String.format(Locale.ROOT, "Seeds per cell: %s.%n%n", minSeeds == maxSeeds ? Integer.toString(minSeeds)
                : minSeeds + " to " + maxSeeds));
        if (!o.mixtures().isEmpty()) {
            sb.append("Mixtures:\n\n");
            for (Condition c : o.conditions()) {
                sb.append("* `").append(c.name()).append("`: ").append(o.mixtures().get(c.name())).append("; weights ")
                        .append(weights(problem, c.weights())).append('\n');
            }
            sb.append('\n');
        }
        sb.append("## Verdicts\n\n");
        for (String v : o.verdicts()) {
            sb.append("* ").append(v).append('\n');
        }
        sb.append("\n## Error per dimension (median over test prompts; mean ± std over seeds)\n\n");
        medianTables(sb, plan, o);
        sb.append("Mean over test prompts (mean ± std over seeds) beside the linear theory's mean at the same n, m:\n\n");
        meanTables(sb, plan, o);
        sb.append("Training throughput (mean over runs): ");
        double pps = o.runs().stream().mapToDouble(r -> r.training().promptsPerSecond()).average().orElse(Double.NaN);
        double tps = o.runs().stream().mapToDouble(r -> r.training().tokensPerSecond()).average().orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, "%.0f prompts/s, %.0f tokens/s (1 intra-op thread unless -Dai.djl.pytorch.num_threads"
                + " or --threads said otherwise).%n%n", pps, tps));
        sb.append("Files: ").append(String.join(", ", files)).append(".\n");
        return sb.toString();
    }

    /** Per K_train, the median error per condition and k (mean ± std over seeds). */
    private static void medianTables(StringBuilder sb, ExperimentPlan plan, Outcome o) {
        cellTables(sb, plan, o, List.of(""), x -> new Object[] {pm(x.median(), x.medianSd())});
    }

    /** Per K_train, the mean error per condition and k beside the linear theory's mean. */
    private static void meanTables(StringBuilder sb, ExperimentPlan plan, Outcome o) {
        cellTables(sb, plan, o, List.of("", " (LSA theory)"), x -> new Object[] {pm(x.mean(), x.meanSd()),
                Double.isFinite(x.predicted()) ? String.format(Locale.ROOT, "%.4g", x.predicted()) : "-"});
    }

    /**
     * Per K_train, a table with a row per k and, per condition, one column per suffix (headed
     * condition name + suffix) holding {@code cells}' values for that cell, in suffix order.
     */
    private static void cellTables(StringBuilder sb, ExperimentPlan plan, Outcome o, List<String> suffixes,
                                   java.util.function.Function<Cell, Object[]> cells) {
        int per = suffixes.size();
        for (int kTrain : plan.kTrains()) {
            sb.append("K_train = ").append(kTrain).append(":\n\n");
            List<String> head = new ArrayList<>(List.of("k"));
            for (Condition c : o.conditions()) {
                suffixes.forEach(x -> head.add(c.name() + x));
            }
            TextTable t = new TextTable(head.toArray(new String[0]));
            for (int k = 1; k <= plan.kMax(); k++) {
                Object[] row = new Object[head.size()];
                row[0] = k;
                for (int i = 0; i < o.conditions().size(); i++) {
                    Object[] v = cells.apply(o.cell(o.conditions().get(i).name(), kTrain, k));
                    System.arraycopy(v, 0, row, per * i + 1, per);
                }
                t.row(row);
            }
            sb.append("```\n").append(t).append("```\n\n");
        }
    }

    private static String pm(double v, double sd) {
        return String.format(Locale.ROOT, "%.4g ± %.2g", v, Double.isFinite(sd) ? sd : 0.0);
    }

    private static String weights(Problem p, double[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 1e-6) {
                sb.append(sb.length() == 0 ? "" : ", ").append(p.catalog().task(i).name()).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", w[i]));
            }
        }
        return sb.toString();
    }

    /** The 1-, 5- and 15-minute load averages (Linux), or "unknown". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
