package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.report.HtmlReport;
import org.taskmix.report.ReportInput;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.WeightStability;
import org.taskmix.theory.Recommendation;
import org.taskmix.study.Study;

/**
 * Fills a {@link ReportInput} from what {@code solve}, {@code compare} and {@code demo} computed
 * today ({@link Study} entries, diagnostics, weight stability): the one place that maps
 * study results to the report, so a new study layer only has to replace these methods.
 */
final class DecisionReports {

    private DecisionReports() {
    }

    /**
     * The report input of a mixture study.
     *
     * @param k         CoT budget the recommendation is made at (clamped to the predicted range)
     * @param files     other files the run wrote
     * @param stability weight stability of {@code solve --bootstrap}, or null
     */
    static ReportInput input(String title, HtmlReport.Provenance provenance, Problem problem, ProblemDiagnostics diag,
                             List<Study.Entry> entries, int k, long seed, List<ReportInput.FileLink> files,
                             WeightStability.Result stability) {
        int m = entries.stream().filter(e -> e.prediction() != null).findFirst()
                .map(e -> (int) e.prediction().settings().m().orElse(0)).orElse(problem.settings().m());
        int kMax = entries.stream().filter(e -> e.prediction() != null)
                .mapToInt(e -> e.prediction().settings().kMax()).min().orElse(k);
        int kk = Math.min(k, kMax);
        List<ReportInput.Table> tables = new ArrayList<>();
        tables.add(errors(entries, StudyOutput.thin(StudyOutput.reportedKs(problem, kMax), 4)));
        if (stability != null) {
            tables.add(stability(stability));
        }
        tables.addAll(diagnostics(diag));
        List<ReportInput.MixtureWeights> mixtures = entries.stream().map(e -> new ReportInput.MixtureWeights(
                e.mixture().name(), e.mixture().note(), e.mixture().weights())).toList();
        return new ReportInput(title, provenance, recommend(entries, kk, seed), problem.catalog().names(),
                taskColumns(problem, diag), mixtures, StudyOutput.curves(entries),
                "Predicted CoT error on " + problem.target().name() + " (m = " + m + ")", tables, files);
    }

    /** The recommendation at {@code k}: every mixture with a prediction is a candidate. */
    static Recommendation recommend(List<Study.Entry> entries, int k, long seed) {
        List<Recommendation.Candidate> cands = new ArrayList<>();
        OptionalLong m = OptionalLong.empty();
        for (Study.Entry e : entries) {
            if (e.prediction() == null) {
                cands.add(Recommendation.Candidate.exact(e.mixture().name(), Double.NaN));
            } else {
                cands.add(Recommendation.Candidate.of(e.mixture().name(), e.prediction(), k));
                m = e.prediction().settings().m();
            }
        }
        boolean any = cands.stream().anyMatch(c -> Double.isFinite(c.error()));
        return any ? Recommendation.of(cands, k, m, seed) : null;
    }

    static List<ReportInput.Column> taskColumns(Problem problem, ProblemDiagnostics diag) {
        List<Object> groups = new ArrayList<>();
        List<Object> hardness = new ArrayList<>();
        List<Object> relevance = new ArrayList<>();
        for (ProblemDiagnostics.TaskDiagnostics t : diag.tasks()) {
            groups.add(t.group() == null ? "" : t.group());
            hardness.add(hardness(t.spectral()));
            relevance.add(t.relevance());
        }
        List<ReportInput.Column> out = new ArrayList<>();
        if (groups.stream().anyMatch(g -> !"".equals(g))) {
            out.add(new ReportInput.Column("group", groups));
        }
        out.add(new ReportInput.Column("hardness", hardness));
        out.add(new ReportInput.Column("relevance", relevance));
        return out;
    }

    private static Object hardness(SpectralDiagnostics s) {
        return s.singular() ? "∞ (" + org.taskmix.report.TextTable.num(s.hardnessOnSupport()) + " on rank " + s.rank() + ")"
                : (Object) s.hardness();
    }

    /** Predicted (and measured) error per mixture at a few k: mean, median, k*. */
    static ReportInput.Table errors(List<Study.Entry> entries, int[] ks) {
        boolean measured = entries.stream().anyMatch(e -> e.validation() != null);
        List<String> head = new ArrayList<>(List.of("mixture", "surrogate objective"));
        for (int k : ks) {
            head.add("mean k=" + k);
            head.add("median k=" + k);
            if (measured) {
                head.add("measured k=" + k);
            }
        }
        head.add("k* (m = ∞)");
        List<List<Object>> rows = new ArrayList<>();
        for (Study.Entry e : entries) {
            List<Object> r = new ArrayList<>(List.of(e.mixture().name(), e.surrogateObjective()));
            for (int k : ks) {
                r.add(e.prediction() == null ? null : e.predicted(k));
                r.add(e.prediction() == null ? null : e.prediction().curve().get(k - 1).median());
                if (measured) {
                    r.add(Double.isNaN(e.measured(k)) ? null : e.measured(k));
                }
            }
            r.add(e.prediction() == null ? null : e.prediction().kStar());
            rows.add(r);
        }
        return new ReportInput.Table("Error against CoT steps", "Predicted error per dimension (mean and median over"
                + " test prompts)" + (measured ? " and the trained model's measured mean" : ""),
                null, head, rows);
    }

    /** {@code solve --bootstrap}: how often each task is selected and its weight quantiles. */
    static ReportInput.Table stability(WeightStability.Result r) {
        List<List<Object>> rows = new ArrayList<>();
        for (WeightStability.TaskStability t : r.tasks()) {
            rows.add(List.of(t.name(), t.selectedFraction(), t.weightLow(), t.weightMedian(), t.weightHigh()));
        }
        return new ReportInput.Table("Weight stability", null, String.format(Locale.ROOT, "%d bootstrap replicates"
                + " (seed %d): each task's covariance redrawn from its samples and the program solved again. A task"
                + " counts as selected when its weight exceeds %s.", r.replicates(), r.seed(),
                org.taskmix.report.TextTable.num(WeightStability.SELECTED)),
                List.of("task", "selected fraction", "weight 5%", "weight 50%", "weight 95%"), rows);
    }

    /** The problem's diagnostics as two tables (tasks, targets). */
    static List<ReportInput.Table> diagnostics(ProblemDiagnostics diag) {
        List<List<Object>> tasks = new ArrayList<>();
        for (ProblemDiagnostics.TaskDiagnostics d : diag.tasks()) {
            SpectralDiagnostics s = d.spectral();
            tasks.add(java.util.Arrays.asList(d.name(), d.group(), hardness(s), s.lambdaMin(), s.lambdaMax(),
                    s.condition(), s.effectiveRank(), d.relevance()));
        }
        List<List<Object>> targets = new ArrayList<>();
        for (ProblemDiagnostics.TargetDiagnostics d : diag.targets()) {
            SpectralDiagnostics s = d.spectral();
            targets.add(List.of(d.name(), d.weight(), hardness(s), s.lambdaMin(), s.lambdaMax(), s.condition(),
                    s.effectiveRank()));
        }
        String section = "Diagnostics";
        return List.of(new ReportInput.Table(section, "Tasks", "hardness = tr Λ / λ_min (≥ d, = d iff isotropic);"
                        + " relevance = cos(Σ⁻¹Λ, I) in [0, 1], 1 iff Λ is proportional to Σ.",
                        List.of("task", "group", "hardness", "λ_min", "λ_max", "condition", "eff. rank", "relevance"),
                        tasks),
                new ReportInput.Table(section, "Targets", null,
                        List.of("target", "weight", "hardness", "λ_min", "λ_max", "condition", "eff. rank"), targets));
    }

    /** A file link. */
    static ReportInput.FileLink file(Path p, String description) {
        return new ReportInput.FileLink(p, description);
    }

    /**
     * Writes the report of a mixture study where {@code options} says (the default name inside
     * {@code out}) and returns the page's file.
     */
    static Path write(ReportOptions options, Path out, String defaultName, String title, Problem problem,
                      List<Study.Entry> entries, int k, long seed, List<ReportInput.FileLink> files,
                      WeightStability.Result stability) {
        Path html = options.file(out, defaultName);
        ReportInput in = input(title, options.provenance(problem, seed), problem, ProblemDiagnostics.of(problem),
                entries, k, seed, files, stability);
        new org.taskmix.report.DecisionReport(in, html).write();
        return html;
    }

    /**
     * {@code solve --report}: predicts the solution, {@code exact} (if not null) and every baseline
     * at the problem's m and writes the report; nothing without {@code --report}.
     */
    static void solve(ReportOptions options, Path out, Selection.Solution s, Mixture exact,
                      WeightStability.Result stability, PrintWriter err, boolean progress) {
        if (!options.requested()) {
            return;
        }
        List<Mixture> mixtures = new ArrayList<>(s.compare().stream().map(ScoredMixture::mixture).toList());
        if (exact != null) {
            mixtures.add(1, exact);
        }
        Study.Options o = Study.Options.of(s.problem());
        List<Study.Entry> entries = Study.run(s.problem(), s.program(), mixtures, o,
                ProgressBars.on(err, progress));
        List<ReportInput.FileLink> files = out == null ? List.of() : List.of(
                file(out.resolve("solution.json"), "the solution with its certificate, as JSON"),
                file(out.resolve("weights.csv"), "the solution's weights (a weights file)"));
        write(options, out, "report.html", "taskmix solve: " + s.problem().name(), s.problem(), entries,
                s.problem().settings().kMax(), o.seed(), files, stability);
    }
}
