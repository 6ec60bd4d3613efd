package org.taskmix.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.report.CsvTable;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;
import org.taskmix.theory.Overthinking;
import org.taskmix.theory.Prediction;
import org.taskmix.study.experiments.ExperimentSettings;
import org.taskmix.study.experiments.Row;
import org.taskmix.study.experiments.Series;
import org.taskmix.study.experiments.TaskSelectionExperiment;
import org.taskmix.study.TrainingSummary;

/**
 * The outputs of {@code reproduce} (docs/formats.md, "JSON outputs"): the JSON pieces, the table,
 * the figures' curves and the markdown summary of one experiment run, built from the
 * experiment's typed results. Split from {@link ReproduceCommand}, which runs the experiments.
 */
final class ReproduceOutput {

    private ReproduceOutput() {
    }

    /**
     * Everything written and printed for one run. {@code curvesAll} is null when one figure shows
     * everything; otherwise {@code curves} is limited to the interesting range of k (figure.png)
     * and {@code curvesAll} holds every k (figure-all.png, title {@code titleAll}).
     */
    record Report(String title, List<Series> series, CsvTable table, List<Curve> curves,
                          Map<String, Object> doc, String human, String markdown, String titleAll,
                          List<Curve> curvesAll) {

        Report(String title, List<Series> series, CsvTable table, List<Curve> curves, Map<String, Object> doc,
               String human, String markdown) {
            this(title, series, table, curves, doc, human, markdown, null, null);
        }
    }

    static String mLabel(OptionalInt m) {
        return m.isPresent() ? "m = " + m.getAsInt() : "m = inf";
    }

    static Map<String, Object> header(Problem problem, ExperimentSettings settings, double seconds, int m) {
        Map<String, Object> doc = Output.fields("problem", problem.name(), "source", problem.source(),
                "dimension", problem.dim(), "m", m, "normalization", Prediction.NORMALIZATION, "seed", settings.seed());
        doc.put("training", Output.training(settings.train(), settings.samples()));
        doc.put("seconds", seconds);
        doc.put("threads", settings.threads());
        return doc;
    }

    static Map<String, Object> perSeries(List<Series> series, List<Boolean> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            out.put(series.get(i).name(), values.get(i));
        }
        return out;
    }

    static Object opt(OptionalInt k) {
        return k.isPresent() ? k.getAsInt() : null;
    }

    static List<Map<String, Object>> seriesJson(List<Series> series, boolean withMu) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : series) {
            TrainingSummary t = s.training();
            Map<String, Object> e = Output.fields("name", s.name(), "n", s.n(), "completed", t.completed());
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
            e.put("trainingStatistics", t);
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
                    Map<String, Object> x = Output.fields("re", d.re(), "im", d.im(), "growth", d.growth(),
                            "kind", d.kind().name());
                    mu.add(x);
                }
                e.put("mu", mu);
            }
            out.add(e);
        }
        return out;
    }

    static List<Map<String, Object>> rowsJson(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> e = Output.fields("series", r.series(), "n", r.n(), "k", r.k(),
                    "measured", r.measured(), "ciLow", r.measuredLow(), "ciHigh", r.measuredHigh(),
                    "predicted", r.predicted(), "predictedCiLow", r.predictedLow(),
                    "predictedCiHigh", r.predictedHigh(), "predictedMethod", r.method().name(),
                    "predictedInfiniteM", r.predictedInfinite(), "agrees", r.agrees(),
                    "statistic", "measured/predicted = mean over test prompts (BCa 95% interval); *Median = median",
                    "measuredMedian", r.measuredMedian(), "predictedMedian", r.predictedMedian(),
                    "measuredAsTrained", r.measuredAsTrained());
            out.add(e);
        }
        return out;
    }

    static String settingsLine(Problem problem, ExperimentSettings s, int m, String what) {
        TrainingSettings t = s.train();
        return String.format(Locale.ROOT, "problem %s (%s), d = %d, m = %d, %s; training %s, %d steps x %d prompts,"
                        + " lr %s %s; %d test prompts, %d Monte Carlo samples; seed %d",
                problem.name(), problem.source(), problem.dim(), m, what, t.optimizer(), t.steps(), t.batch(),
                TextTable.compact(t.learningRate()), t.schedule(), t.testPrompts(), s.samples(), t.seed());
    }

    /** Table, curves, human text and Markdown from the series and verdict. */
    static Report finish(String name, String title, List<Series> series, List<Row> rows, Map<String, Object> doc,
                          List<String> verdict, String settingsLine, String markdownExtra, double seconds,
                          ExperimentSettings settings) {
        return finish(name, title, series, rows, doc, verdict, settingsLine, markdownExtra, seconds, settings, 0);
    }

    /**
     * As above; with {@code kLimit ≥ 1}, figure.png shows only {@code k ≤ kLimit} and
     * figure-all.png every k, so that a few exploding curves at large k do not squash the rest.
     */
    static Report finish(String name, String title, List<Series> series, List<Row> rows, Map<String, Object> doc,
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
            appendMarkdownRow(mdTable, r, mci, pci);
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
        String training = trainingLines(series);
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
        md.append("\n### Trained models\n\n").append(markdown(training.replace("  ", "- ")));
        md.append(markdownExtra);
        return kLimit >= 1
                ? new Report(figureTitle, series, csv, curves, doc, human.toString(), md.toString(), titleAll, curvesAll)
                : new Report(title, series, csv, curves, doc, human.toString(), md.toString());
    }

    /** One line per trained model: distance to the optimum, offset floor, loss and timings. */
    private static String trainingLines(List<Series> series) {
        StringBuilder training = new StringBuilder();
        for (Series s : series) {
            TrainingSummary t = s.training();
            training.append(String.format(Locale.ROOT, "  %s: distance to -P(pi) %s, offset floor ||W_14||^2/d %s,"
                            + " final loss %s, train %.1f s, measure %.1f s, predict %.1f s%n", s.name(),
                    Double.isNaN(t.distanceToOptimum()) ? "undefined" : String.format(Locale.ROOT, "%.2f%%", 100 * t.distanceToOptimum()),
                    TextTable.num(t.offsetFloor()), TextTable.num(t.finalLoss()), t.seconds(), t.evaluationSeconds(),
                    s.predictionSeconds()));
        }
        return training.toString();
    }

    private static void appendMarkdownRow(StringBuilder mdTable, Row r, String mci, String pci) {
        mdTable.append("| ").append(r.series()).append(" | ").append(r.k()).append(" | ")
                .append(TextTable.num(r.measured())).append(" | ").append(mci).append(" | ")
                .append(TextTable.num(r.predicted())).append(" | ").append(pci).append(" | ")
                .append(TextTable.num(r.predictedInfinite())).append(" | ").append(r.agrees() ? "yes" : "no")
                .append(" | ").append(TextTable.num(r.measuredMedian())).append(" | ")
                .append(TextTable.num(r.predictedMedian())).append(" | ").append(TextTable.num(r.measuredAsTrained()))
                .append(" |\n");
    }

    /** Measured (with interval) and theory curves of every series at its table's k up to {@code kLimit}. */
    static List<Curve> curves(List<Series> series, int kLimit) {
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
            curves.add(Curve.theory(s.name() + " theory median (m = " + m + ")", s.name(), ks, predMedian)
                    .withStatistic(Curve.Statistic.MEDIAN));
        }
        return curves;
    }

    /** Plain text as Markdown: asterisks ("w*", "P*S_m") would otherwise pair up as emphasis. */
    static String markdown(String text) {
        return text.replace("*", "\\*");
    }

    static String interval(double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "-";
        }
        return "[" + TextTable.num(lo) + ", " + TextTable.num(hi) + "]";
    }

    /** The task-selection fields of {@code result.json}: mixtures, checks, verdict. */
    static void taskSelectionJson(Map<String, Object> doc, Problem problem, TaskSelectionExperiment.Result r) {
        List<String> names = problem.catalog().names();
        List<Map<String, Object>> mixtures = new ArrayList<>();
        for (TaskSelectionExperiment.Selected s : r.mixtures()) {
            Map<String, Object> e = Output.fields("name", s.name(), "how", s.how());
            Map<String, Object> g = new LinkedHashMap<>();
            s.groups().forEach(x -> g.put(x.group(), x.weight()));
            e.put("groupWeights", g);
            e.put("surrogateObjective", s.surrogate());
            e.put("exactObjective", s.exact());
            Map<String, Object> w = new LinkedHashMap<>();
            double[] ws = s.weights().toArray();
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
            ord.add(Output.record(o, "paper", "paperOrdering"));
        }
        List<Map<String, Object>> cmp = new ArrayList<>();
        for (TaskSelectionExperiment.Comparison c : r.comparisons()) {
            cmp.add(Output.record(c));
        }
        Map<String, Object> checks = Output.fields("orderings", ord, "comparisons", cmp);
        doc.put("checks", checks);
        doc.put("verdict", r.verdict());
    }

    /**
     * The weight per task group of every selected mixture (the paper's headline) as a text table
     * and as markdown.
     */
    record GroupTable(TextTable text, StringBuilder markdown) {
    }

    /** {@link GroupTable} of a task-selection run. */
    static GroupTable groupTable(TaskSelectionExperiment.Result r) {
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
        return new GroupTable(gt, md);
    }
}
