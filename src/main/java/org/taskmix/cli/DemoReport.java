package org.taskmix.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.Task;
import org.taskmix.report.ChartInfo;
import org.taskmix.report.Charts;
import org.taskmix.report.CsvTable;
import org.taskmix.report.DecisionReport;
import org.taskmix.report.ReportInput;
import org.taskmix.report.TaskBar;
import org.taskmix.report.TaskPoint;
import org.taskmix.report.TextTable;
import org.taskmix.selection.Selection;
import org.taskmix.theory.ExactSelection;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;

/**
 * The demo's report folder: {@code weights.csv}, {@code curves.csv}, the weight plots and the
 * decision-first page ({@link DecisionReport}) with the demo's own figures added.
 */
final class DemoReport {

    private DemoReport() {
    }

    /**
     * What the demo computed.
     *
     * @param problem the problem
     * @param diag    its diagnostics
     * @param s       the surrogate solution
     * @param exact   the exact-objective solution at the CoT budget
     * @param entries every mixture, predicted (and trained)
     * @param kMax    longest k predicted
     * @param seed    seed of the run
     * @param trained whether the LSA model was trained
     * @param m       test length the study ran at
     */
    record Run(Problem problem, ProblemDiagnostics diag, Selection.Solution s, ExactSelection.Result exact,
               List<Study.Entry> entries, int kMax, long seed, boolean trained, TestLength m) {
    }

    /** Writes the folder {@code out} and the page ({@code html}, normally {@code out/index.html}). */
    static void write(Run run, Path out, Path html, ReportOptions options) {
        Problem problem = run.problem();
        weightsCsv(run).write(out.resolve("weights.csv"));
        StudyOutput.curvesCsv(run.entries()).write(out.resolve("curves.csv"));
        List<ReportInput.FileLink> files = List.of(
                DecisionReports.file(out.resolve("report.json"), "everything on this page, as JSON"),
                DecisionReports.file(out.resolve("weights.csv"), "weights per task and mixture, with task features"),
                DecisionReports.file(out.resolve("curves.csv"), "predicted and measured error per mixture and k"));
        ReportInput in = DecisionReports.input("taskmix demo: " + problem.name(), options.provenance(problem, run.seed()),
                problem, run.diag(), run.entries(), run.exact().k(), run.seed(), files, null);
        DecisionReport r = new DecisionReport(in, html);
        TestLength m = run.m();
        ChartInfo wSur = Charts.weightsByTask("Surrogate-optimal weights by task", bars(problem, run.s().result().weights().toArray()),
                r.sibling("weights-surrogate.png"));
        ChartInfo wEx = Charts.weightsByTask("Exact-objective weights (J_" + run.exact().k() + ", m = " + m + ")",
                bars(problem, run.exact().weights().toArray()), r.sibling("weights-exact.png"));
        List<TaskPoint> pts = new ArrayList<>();
        for (int i = 0; i < problem.catalog().size(); i++) {
            Task task = problem.catalog().task(i);
            pts.add(new TaskPoint(task.name(), task.group(), run.diag().tasks().get(i).spectral().hardness(),
                    run.s().result().weights().get(i)));
        }
        ChartInfo wh = Charts.weightVsHardness("Surrogate-optimal weight against hardness", pts,
                r.sibling("weight-vs-hardness.png"));
        r.wrote(wSur.file(), "surrogate weights by task").wrote(wEx.file(), "exact-objective weights by task")
                .wrote(wh.file(), "weight against hardness");
        Path dir = html.toAbsolutePath().getParent();
        // After the error plots, so the page's first screen holds the decision, the weights table
        // and the error-vs-k plot.
        r.page().sectionAfter(DecisionReport.ERRORS_SECTION, "Selected weights").paragraph(selectedText(run))
                .figure(wSur, dir, "Surrogate-optimal weights, coloured by group")
                .figure(wEx, dir, "Exact-objective weights, coloured by group")
                .figure(wh, dir, "Weight against hardness tr(Λ)/λ_min");
        if (run.trained()) {
            ChartInfo ek = Charts.errorVsK("Trained (solid) vs theory (dashed), k ≤ " + run.exact().k(),
                    StudyOutput.curves(run.entries(), run.exact().k(), true), r.sibling("error-vs-k-trained.png"),
                    r.palette(), Charts.Scale.READABLE);
            r.wrote(ek.file(), "trained mixtures up to the CoT budget");
            r.page().sections().stream().filter(x -> x.heading().equals(DecisionReport.ERRORS_SECTION)).findFirst()
                    .ifPresent(sec -> sec.figure(ek, dir, "Trained mixtures up to the CoT budget: measured (solid, 95%"
                                    + " band), predicted mean (dashed) and median (dotted)")
                            .paragraph(DemoCommand.verdict(run.entries(), run.exact().k(), run.entries().get(1).mixture().name()).strip()));
        }
        r.page().section("The problem").paragraph(problem.description());
        r.write();
    }

    private static String selectedText(Run run) {
        Selection.Solution s = run.s();
        ExactSelection.Result exact = run.exact();
        return String.format(Locale.ROOT, "Surrogate optimum: objective %s, %s, duality gap %s. Exact CoT objective"
                        + " J_%d at m = %s: %s at the surrogate optimum, %s at its own optimum (%s). %s %s",
                TextTable.num(s.result().objective()), s.result().status(), TextTable.num(s.result().certificate().gap()),
                exact.k(), run.m(), TextTable.num(exact.atStart().exact()),
                TextTable.num(exact.atResult().exact()), exact.status(),
                DemoCommand.paperOrdering(DemoCommand.groupWeights(run.problem(), s.result().weights().toArray()), "Surrogate"),
                DemoCommand.paperOrdering(DemoCommand.groupWeights(run.problem(), exact.weights().toArray()), "Exact")).strip();
    }

    /**
     * weights.csv: one row per task, the task's group, hardness and relevance, then one column per
     * mixture; a mixture named like a task column is written {@code mixture:NAME}.
     */
    static CsvTable weightsCsv(Run run) {
        Problem problem = run.problem();
        List<String> names = run.entries().stream().map(e -> e.mixture().name()).toList();
        CsvTable wt = new CsvTable(CsvTable.withMixtures(List.of("task", "group", "hardness", "relevance"), names));
        for (int i = 0; i < problem.catalog().size(); i++) {
            Task task = problem.catalog().task(i);
            List<Object> row = new ArrayList<>(List.of(task.name(), task.group() == null ? "" : task.group(),
                    run.diag().tasks().get(i).spectral().hardness(), run.diag().tasks().get(i).relevance()));
            for (Study.Entry e : run.entries()) {
                row.add(e.mixture().weights()[i]);
            }
            wt.row(row);
        }
        return wt;
    }

    private static List<TaskBar> bars(Problem problem, double[] w) {
        List<TaskBar> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            Task t = problem.catalog().task(i);
            out.add(new TaskBar(t.name(), t.group(), w[i]));
        }
        return out;
    }
}
