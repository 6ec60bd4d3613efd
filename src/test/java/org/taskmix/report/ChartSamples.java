package org.taskmix.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the sample charts to a folder for looking at them (not a test):
 * {@code java -cp target/classes:target/test-classes:… org.taskmix.report.ChartSamples /tmp/taskmix-report-samples}.
 */
final class ChartSamples {

    private ChartSamples() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/taskmix-report-samples");
        ChartInfo w = Charts.weightsByTask("Optimal mixture weights", SampleData.bars(), dir.resolve("weights.png"));
        ChartInfo h = Charts.weightVsHardness("Weight against hardness", SampleData.tasks(), dir.resolve("hardness.png"));
        ChartInfo e = Charts.errorVsK("CoT error vs k, measured (95% CI) and theory", SampleData.curves(),
                dir.resolve("error-vs-k.png"));
        print(w);
        print(h);
        print(e);
        report(dir, w, h, e);

        List<TaskBar> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new TaskBar(String.format("synthetic-task-number-%03d", i), SampleData.GROUPS[i % 4],
                    (i % 17 == 0 ? 0.05 : 0.001) + 1e-5 * i));
        }
        print(Charts.weightsByTask("Weights, 300 tasks", many, dir.resolve("weights-many.png")));
        print(Charts.weightsByTask("Weights, 30 tasks", many.subList(0, 30), dir.resolve("weights-30.png")));

        List<TaskPoint> withSingular = new ArrayList<>(SampleData.tasks());
        withSingular.add(new TaskPoint("rank-deficient", "Hard-Long", Double.POSITIVE_INFINITY, 0.07));
        withSingular.add(new TaskPoint("missing-skill", "Easy-Short", Double.POSITIVE_INFINITY, 0.0));
        print(Charts.weightVsHardness("Weight against hardness (two singular tasks)", withSingular,
                dir.resolve("hardness-singular.png")));

        List<Curve> bad = new ArrayList<>();
        int[] k = SampleData.ks(8);
        bad.add(Curve.measured("diverging (measured)", "diverging", k,
                new double[] {0.5, 0.3, 0.2, 0.4, 3, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN},
                new double[] {0.3, -0.1, 0.1, 0.2, 1, Double.NaN, Double.NaN, Double.NaN},
                new double[] {0.7, 0.7, 0.3, 0.6, 5, Double.NaN, Double.NaN, Double.NaN}));
        bad.add(Curve.theory("diverging (theory)", "diverging", k,
                new double[] {0.5, 0.32, 0.25, 0.4, 2, 10, 60, 400}));
        bad.add(Curve.theory("zero at k=1", null, k, new double[] {0, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001}));
        print(Charts.errorVsK("Curves with NaN, ∞ and non-positive values", bad, dir.resolve("error-vs-k-bad.png")));

        List<Curve> nCurves = new ArrayList<>();
        for (int n : new int[] {10, 20, 30}) {
            int[] ks = {1, 2, 4, 8, 16, 32};
            double[] err = new double[ks.length];
            for (int i = 0; i < ks.length; i++) {
                err[i] = Math.pow(1 + n / 41.0, -2.0 * ks[i]) + 1e-3 / n;
            }
            nCurves.add(Curve.theory("n = " + n, null, ks, err));
        }
        print(Charts.errorVsK("Compute vs context: error vs k for several n", nCurves, dir.resolve("compute-vs-context.png")));

        print(Charts.errorVsK("Short k range", List.of(Curve.measured("one", null, new int[] {1, 2, 3},
                new double[] {0.5, 0.4, 0.35}, new double[] {0.45, 0.36, 0.3}, new double[] {0.55, 0.44, 0.4})),
                dir.resolve("error-vs-k-short.png")));
    }

    /** A small index.html + CSV tying the sample charts together, as the demo report will. */
    private static void report(Path dir, ChartInfo weights, ChartInfo hardness, ChartInfo error) {
        List<List<Object>> rows = new ArrayList<>();
        CsvTable csv = new CsvTable("task", "group", "hardness", "weight");
        for (TaskPoint p : SampleData.tasks()) {
            List<Object> row = List.of(p.name(), p.group(), p.hardness(), p.weight());
            rows.add(row);
            csv.row(row);
        }
        csv.write(dir.resolve("weights.csv"));
        HtmlReport r = new HtmlReport("taskmix sample report")
                .provenance(new HtmlReport.Provenance("sample", "built-in", 7L, "0.1.0-SNAPSHOT", "2025-01-01"));
        r.section("Weights").paragraph("Mixture weights by task, coloured by group.")
                .table("Weights", List.of("task", "group", "hardness", "weight"), rows)
                .figure(weights, dir, "Weights by task").figure(hardness, dir, "Weight against hardness");
        r.section("Error vs k").figure(error, dir, "Measured (95% CI band) and predicted (dashed) error vs k");
        r.section("Notes").paragraph("Errors are divided by d <per dimension> & shown on a log axis.");
        r.write(dir.resolve("index.html"));
        r.writeMarkdown(dir.resolve("report.md"));
    }

    private static void print(ChartInfo info) {
        System.out.println(info.file() + "  legend=" + info.legend() + "  notes=" + info.notes());
    }
}
