package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.InputException;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.SelectionJson;
import org.taskmix.io.SolverSettingsReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.report.TextTable;
import org.taskmix.selection.Certificate;
import org.taskmix.selection.Explanation;
import org.taskmix.selection.Prior;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.selection.SelectionResult;
import org.taskmix.selection.SolverSettings;
import org.taskmix.theory.ExactObjective;
import org.taskmix.selection.WeightStability;
import org.taskmix.theory.ExactSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code solve PROBLEM}: optimal weights, objective, certificate, explanation. */
@Command(name = "solve", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = "Optimal training-mixture weights for the target(s): objective, optimality certificate"
                + " (duality gap, residuals), per-task explanation and the skill directions left uncovered."
                + " Exit 3 if the solver stopped before meeting its tolerance (the result is still printed).")
public final class SolveCommand implements Callable<Integer> {

    @Mixin
    ProblemFile input;

    @Mixin
    CommonOptions common;

    @Mixin
    Variant variant;

    @Mixin
    OutputDir output;

    @Mixin
    StabilityOptions stability;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    /** Options shared by {@code solve} and {@code compare}: solver, objective, variants. */
    public static final class Variant {

        /** Objectives accepted by {@code --objective}. */
        static final List<String> OBJECTIVES = List.of(SelectionJson.SURROGATE, SelectionJson.EXACT);

        @Option(names = "--solver", paramLabel = "NAME|FILE",
                description = "Solver configuration: a built-in name (ojalgo-active-set, ojalgo-admm, large-scale,"
                        + " first-order) or a settings file (solvers/*.json). Default: chosen by problem size.")
        String solver;

        @Option(names = "--objective", paramLabel = "KIND", defaultValue = "surrogate",
                description = "Objective to minimise: surrogate (the paper's convex program, docs/theory.md §6) or"
                        + " exact (the CoT test error J_K after K steps, started from the surrogate's solution).")
        String objective;

        @Option(names = "--k", paramLabel = "K",
                description = "With --objective exact: the CoT budget K (default: the largest k in the problem's settings).")
        Integer k;

        @Mixin
        FilterOptions filters;

        @Mixin
        TestLengthOption m;

        @Option(names = "--statistic", paramLabel = "mean|median|qNN",
                description = "With --objective exact at finite m: the statistic of the per-prompt CoT error over test"
                        + " prompts to minimise: mean (default; heavy-tailed at small m), median, or a quantile q1..q99."
                        + " Sampled objectives use sample-average approximation with a stopping rule and an"
                        + " out-of-sample gap interval.")
        String statistic;

        @Option(names = "--robust", description = "Minimise the worst target's objective instead of the weighted sum.")
        boolean robust;

        @Option(names = "--prior", paramLabel = "uniform|size|FILE",
                description = "Pull the weights towards a prior mixture: uniform, size-proportional, or a weights file.")
        String prior;

        @Option(names = "--prior-strength", paramLabel = "GAMMA",
                description = "Strength gamma of the prior pull gamma*||w - prior||^2 (default 1 with --prior).")
        Double priorStrength;

        /** The objective kind, validated. */
        String objectiveKind() {
            String k = objective.toLowerCase(Locale.ROOT);
            if (!OBJECTIVES.contains(k)) {
                throw new InputException("--objective: value \"" + objective + "\" is not available; accepted: "
                        + String.join(", ", OBJECTIVES));
            }
            return k;
        }

        /** The CoT budget for the exact objective. */
        int exactK(Problem problem) {
            int kk = k == null ? problem.settings().kMax() : k;
            if (kk < 1) {
                throw new InputException("--k: value " + kk + " must be >= 1");
            }
            return kk;
        }

        /** The test prompt length for the exact objective; empty for m = infinity (the default). */
        OptionalInt exactM() {
            return m.given() ? m.m.asInt("--m") : OptionalInt.empty();
        }

        /** The solver settings, or null for the automatic choice. */
        SolverSettings settings() {
            return solver == null ? null : SolverSettingsReader.resolve(solver);
        }

        /** The program variant for {@code problem}. */
        SelectionOptions options(Problem problem) {
            if (priorStrength != null && prior == null) {
                throw new InputException("--prior-strength: given without --prior; name the prior (uniform, size or a file)");
            }
            Prior p = null;
            if (prior != null) {
                double gamma = priorStrength == null ? 1.0 : priorStrength;
                if (!(gamma >= 0 && Double.isFinite(gamma))) {
                    throw new InputException("--prior-strength: value " + gamma + " must be finite and >= 0");
                }
                int t = problem.catalog().size();
                switch (prior) {
                    case "uniform" -> p = Prior.uniform(t, gamma);
                    case "size" -> p = Prior.sizeProportional(problem.catalog(), gamma);
                    default -> p = new Prior(Path.of(prior).getFileName().toString(),
                            WeightsFile.read(Path.of(prior), problem.catalog()), gamma);
                }
            }
            return new SelectionOptions(robust, p);
        }

        /** Reads, builds and solves. */
        Selection.Solution solve(Path problemFile) {
            return solve(problemFile, org.taskmix.validation.ProgressListener.NONE);
        }

        /** Reads (reporting the covariance checks to {@code progress}), builds and solves. */
        Selection.Solution solve(Path problemFile, org.taskmix.validation.ProgressListener progress) {
            objectiveKind();
            Problem problem = filters.apply(ProblemReader.read(problemFile, progress));
            AtomicFiles.registerInput(problemFile);
            SolverSettings settings = settings();
            return Selection.solve(problem, options(problem), settings);
        }
    }

    @Override
    public Integer call() {
        String kind = variant.objectiveKind();
        if (kind.equals(SelectionJson.EXACT)) {
            return callExact();
        }
        if (variant.k != null || variant.m.given()) {
            throw new InputException("--k/--m: only used with --objective exact");
        }
        Path out = output.dir();
        report.check(out, "report.html");
        Selection.Solution s = variant.solve(input.path(), ProgressBars.on(spec.commandLine().getErr(), common.progress()));
        Map<String, Object> doc = SelectionJson.solution(s, kind);
        SelectionResult r = s.result();
        WeightStability.Result st = stability.run(s, variant.options(s.problem()), variant.settings(), common,
                spec.commandLine().getErr());
        if (st != null) {
            doc.put("stability", StabilityOptions.json(st));
        }
        if (out != null) {
            Output.write(out.resolve("solution.json"), "solution", doc);
            AtomicFiles.writeString(out.resolve("weights.csv"), SelectionJson.weightsCsv(s.program().names(), r.weights().toArray()));
        }
        DecisionReports.solve(report, out, s, null, st, spec.commandLine().getErr(), common.progress());
        common.print(spec.commandLine().getOut(), "solution", doc,
                () -> human(s) + (st == null ? "" : StabilityOptions.human(st)));
        if (!r.status().isOptimal() && common.progress()) {
            spec.commandLine().getErr().println("taskmix: solver " + r.solver() + " stopped with status " + r.status()
                    + ": " + r.message());
        }
        return r.status().isOptimal() ? 0 : Main.EXIT_NOT_CONVERGED;
    }

    private Integer callExact() {
        if (stability.requested()) {
            throw new InputException("--bootstrap: applies to the surrogate objective only");
        }
        if (variant.robust || variant.prior != null) {
            throw new InputException("--objective exact: --robust and --prior apply to the surrogate only;"
                    + " the exact objective is the weighted sum of J_K over targets");
        }
        Path out = output.dir();
        report.check(out, "report.html");
        Selection.Solution s = variant.solve(input.path(), ProgressBars.on(spec.commandLine().getErr(), common.progress()));
        Problem problem = s.problem();
        int kk = variant.exactK(problem);
        OptionalInt mm = variant.exactM();
        if (common.progress()) {
            spec.commandLine().getErr().println("taskmix: minimising J_" + kk + " (m = "
                    + (mm.isPresent() ? mm.getAsInt() : "inf") + ") from the surrogate's solution ...");
        }
        long t0 = System.nanoTime();
        ExactSelection.Settings es = ExactSelection.Settings.DEFAULT;
        if (variant.statistic != null) {
            org.taskmix.theory.ExactObjective.Statistic st;
            try {
                st = org.taskmix.theory.ExactObjective.Statistic.parse(variant.statistic);
            } catch (IllegalArgumentException e) {
                throw new InputException("--statistic: value \"" + variant.statistic
                        + "\" must be mean, median or a quantile q1..q99 (e.g. q90)");
            }
            ExactObjective.Sampling d = es.sampling();
            es = es.with(new ExactObjective.Sampling(d.samples(), d.seed(), d.parallel(), d.holdoutSamples(), st),
                    es.saa());
        }
        ExactSelection.Result r = ExactSelection.solve(problem, kk, mm, s.result().weights().toArray(),
                ExactSelection.feasibleSet(problem.catalog()), es);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> doc = SelectionJson.exactSolution(s, r, seconds);
        if (out != null) {
            Output.write(out.resolve("solution.json"), "solution", doc);
            AtomicFiles.writeString(out.resolve("weights.csv"), SelectionJson.weightsCsv(s.program().names(), r.weights().toArray()));
        }
        DecisionReports.solve(report, out, s, StudyOutput.exactMixture(r), null, spec.commandLine().getErr(),
                common.progress());
        PrintWriter stdout = spec.commandLine().getOut();
        common.print(stdout, "solution", doc, () -> humanExact(s, r, seconds));
        boolean ok = r.status() == ExactSelection.Status.CONVERGED;
        if (!ok && common.progress()) {
            spec.commandLine().getErr().println("taskmix: exact objective stopped with status " + r.status()
                    + " (Frank-Wolfe gap " + TextTable.num(r.frankWolfeGap()) + ")");
        }
        return ok ? 0 : Main.EXIT_NOT_CONVERGED;
    }

    static String humanExact(Selection.Solution s, ExactSelection.Result r, double seconds) {
        StringBuilder sb = new StringBuilder();
        String mText = r.m().isPresent() ? String.valueOf(r.m().getAsInt()) : "inf";
        sb.append("problem ").append(s.problem().name()).append(": exact CoT objective J_").append(r.k())
                .append(" (m = ").append(mText).append(", error per dimension after ").append(r.k())
                .append(" steps), started from the surrogate's solution\n\n");
        TextTable t = new TextTable("task", "group", "surrogate weight", "exact weight");
        double[] ws = r.start().toArray();
        double[] we = r.weights().toArray();
        for (int i = 0; i < we.length; i++) {
            var task = s.problem().catalog().task(i);
            t.row(task.name(), task.group() == null ? "-" : task.group(), ws[i], we[i]);
        }
        sb.append(t).append('\n');
        TextTable o = new TextTable("solution", "surrogate objective", "J_" + r.k());
        o.row("surrogate optimum", r.atStart().surrogate(), r.atStart().exact());
        o.row("exact optimum", r.atResult().surrogate(), r.atResult().exact());
        sb.append(o);
        sb.append("\nJ_").append(r.k()).append(" improved by ").append(TextTable.num(100 * r.improvement()))
                .append("% over the surrogate's solution; status ").append(r.status()).append(", ")
                .append(r.iterations()).append(" iterations (").append(r.method()).append("), ")
                .append(TextTable.num(seconds)).append(" s\n");
        sb.append("stationarity: Frank-Wolfe gap ").append(TextTable.num(r.frankWolfeGap()))
                .append(" (J_K is not convex: this certifies a stationary point, not a global optimum)\n");
        if (r.saa() != null) {
            sb.append("finite m: ").append(r.saa().statement()).append('\n');
        }
        for (String w : r.warnings()) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    static String human(Selection.Solution s) {
        SelectionResult r = s.result();
        Certificate c = r.certificate();
        StringBuilder sb = new StringBuilder();
        sb.append("problem ").append(s.problem().name()).append(": ").append(s.program().size()).append(" tasks, d = ")
                .append(s.problem().dim()).append(", ").append(s.program().blocks().size()).append(" target(s)")
                .append(s.program().isRobust() ? ", robust (worst target)" : "")
                .append(s.program().prior() != null ? ", prior " + s.program().prior().name() + " strength "
                        + s.program().prior().strength() : "")
                .append("\n\n");
        TextTable t = new TextTable("task", "group", "weight", "hardness", "relevance", "reduced gradient");
        for (Explanation.TaskExplanation e : s.explanation().tasks()) {
            t.row(e.name(), e.group() == null ? "-" : e.group(), e.weight(), e.hardness(), e.relevance(),
                    e.reducedGradient());
        }
        sb.append(t).append('\n');
        sb.append("objective ").append(TextTable.num(r.objective())).append("  (surrogate ||I - Sigma^-1 Lambda_mix||_F^2");
        sb.append(s.program().blocks().size() > 1 ? (s.program().isRobust() ? ", max over targets" : ", weighted sum over targets") : "");
        sb.append(")\n");
        sb.append("status ").append(r.status()).append(", solver ").append(r.solver()).append(", ")
                .append(r.iterations()).append(" iterations, ").append(TextTable.num(r.seconds())).append(" s\n");
        sb.append("certificate: gap ").append(TextTable.num(c.gap())).append(", |sum-1| ")
                .append(TextTable.num(c.primalResidual())).append(", bound violation ")
                .append(TextTable.num(c.boundViolation())).append(", KKT residual ").append(TextTable.num(c.kktResidual()))
                .append('\n');
        if (!r.message().isEmpty()) {
            sb.append("note: ").append(r.message()).append('\n');
        }
        double[] per = r.targetObjectives().toArray();
        for (int k = 0; k < s.explanation().targets().size(); k++) {
            Explanation.TargetCoverage cov = s.explanation().targets().get(k);
            sb.append("\ntarget ").append(cov.name()).append(": objective ").append(TextTable.num(per[k]));
            if (cov.uncovered().isEmpty()) {
                sb.append("; every skill direction covered within ").append(Explanation.COVERAGE_TOLERANCE)
                        .append(" (eigenvalues of Sigma^-1 Lambda_mix in [")
                        .append(TextTable.num(1 - Explanation.COVERAGE_TOLERANCE)).append(", ")
                        .append(TextTable.num(1 + Explanation.COVERAGE_TOLERANCE)).append("])\n");
                continue;
            }
            sb.append("; ").append(cov.uncovered().size()).append(" direction(s) with |1 - mu| > ")
                    .append(Explanation.COVERAGE_TOLERANCE).append(cov.coverageMissing()
                            ? " -- COVERAGE MISSING: no task in the mixture trains some skill the target needs" : "")
                    .append('\n');
            TextTable d = new TextTable("mu", "kind", "largest components of the direction");
            for (Explanation.Direction dir : cov.uncovered()) {
                d.row(dir.eigenvalue(), dir.kind(), topComponents(dir.direction().toArray(), 3));
            }
            sb.append(d);
        }
        sb.append("\nreduced gradient = marginal change of the objective per unit of weight moved onto the task"
                + " (about 0 inside the mixture, > 0 for tasks left out).\n");
        return sb.toString();
    }

    /**
     * Below this magnitude a component of a unit direction is rounding residue of the eigensolver
     * (its entries are O(1), errors O(1e-15)), so listing it as "x0 0" only adds noise.
     */
    static final double NEGLIGIBLE_COMPONENT = 1e-12;

    /**
     * The {@code n} largest components of {@code v} by magnitude, as "x3 0.707, x1 -0.707";
     * components with {@code |value| < NEGLIGIBLE_COMPONENT} are left out, but the largest is
     * always listed.
     */
    static String topComponents(double[] v, int n) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(Math.abs(v[b]), Math.abs(v[a])));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, v.length); i++) {
            if (i > 0 && Math.abs(v[idx[i]]) < NEGLIGIBLE_COMPONENT) {
                break; // sorted by magnitude: every later component is negligible too
            }
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('x').append(idx[i]).append(' ').append(TextTable.num(v[idx[i]]));
        }
        return sb.toString();
    }
}
