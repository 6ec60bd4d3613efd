package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.InputException;
import org.taskmix.report.Charts;
import org.taskmix.report.ReportInput;
import org.taskmix.theory.Prediction;
import org.taskmix.io.SelectionJson;
import org.taskmix.report.TextTable;
import org.taskmix.io.Provenance;
import org.taskmix.io.ResourceLimits;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.study.MixtureResolver;
import org.taskmix.study.MixtureSpec;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;
import org.taskmix.selection.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compare PROBLEM}: the surrogate optimum and every baseline (or the mixtures named) side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = "The surrogate-optimal mixture and every baseline (uniform, size, hardness, relevance, best single task,"
                + " easy-only, hard-only) side by side, each scored on the same objective, with their weights."
                + " Baselines that break the weight limits are projected onto them (the note says so).")
public final class CompareCommand implements Callable<Integer> {

    /** Above this many tasks the human weights table shows only tasks with some weight somewhere. */
    static final int FULL_TABLE_TASKS = 40;

    @Mixin
    ProblemFile input;

    @Mixin
    CommonOptions common;

    @Mixin
    SolveCommand.Variant variant;

    @Mixin
    OutputDir output;

    @Option(names = "--mixtures", paramLabel = "SPEC", split = ",", converter = Converters.Mixture.class,
            description = "Only these mixtures (comma-separated): surrogate, exact:K@M (e.g. exact:8@100, exact:8@inf),"
                    + " a baseline (uniform, size, hardness, relevance, best-single, easy-only, hard-only,"
                    + " target-nearest), task:NAME, or a weights file (.csv/.json). Default: surrogate and every"
                    + " baseline that applies.")
    List<MixtureSpec> only;

    @Option(names = "--exact-k", paramLabel = "K",
            description = "Add the exact-objective mixture exact:K@inf (J_K at m = inf, minimised from the surrogate"
                    + " optimum).")
    Integer exactK;

    @Option(names = "--missing-as-zero",
            description = "Weights files in --mixtures may leave tasks out (weight 0; default: an error).")
    boolean missingAsZero;

    @Option(names = "--k-max", paramLabel = "K",
            description = "Predict (and measure) k = 1..K (default: the largest k of the settings).")
    Integer kMax;

    @Option(names = "--validate", description = "Train the LSA model on every mixture and measure its CoT error on the"
            + " target (slow: one training run per mixture; settings.train, --steps).")
    boolean validate;

    @Mixin
    ModelOption model;

    @Option(names = "--steps", description = "With --validate: optimiser steps per mixture (default: settings.train.steps).")
    Integer steps;

    @Mixin
    MonteCarloOptions monteCarlo;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        checkOptions();
        Path out = output.dir();
        report.check(out, "report.html");
        Selection.Solution s = variant.solve(input.path(), ProgressBars.on(common.err(), common.progress()));
        Problem problem = s.problem();
        PrintWriter err = common.err();
        TestLength testM = variant.m.or(problem.settings().m());
        if (validate && testM.value().isPresent()) {
            ResourceLimits.checkOption("--m", testM.value().getAsLong());
        }
        List<Mixture> chosen = mixtures(s, problem, err);
        List<ScoredMixture> mixtures = chosen.stream().map(x -> ScoredMixture.of(s.program(), x)).toList();
        int kk = kMax != null ? kMax : problem.settings().kMax();
        TrainingSettings train = problem.settings().train()
                .withSteps(OptionChecks.positive("--steps", steps, problem.settings().train().steps()))
                .withSeed(monteCarlo.seed.or(problem.settings().train().seed()));
        Provenance.noteSeed("monteCarlo", train.seed());
        if (validate) {
            Provenance.noteSeed("train", train.seed());
        }
        Study.Options options = new Study.Options(kk, testM, monteCarlo.samples(), train.seed(),
                validate && !model.transformer(), train, Runtime.getRuntime().availableProcessors(),
                exactEvaluation(problem));
        List<Study.Entry> entries = Study.run(problem, s.program(), chosen, options,
                ProgressBars.on(err, common.progress()));

        Map<String, Object> doc = SelectionJson.compare(s, mixtures, variant.objectiveKind());
        doc.put("normalization", Prediction.NORMALIZATION);
        doc.put("m", testM.value().isPresent() ? (Object) testM.value().getAsLong() : Double.POSITIVE_INFINITY);
        doc.put("validated", validate);
        if (options.exact() != null) {
            doc.put("exactObjective", "J_" + options.exact().k().getAsInt() + " at m = " + options.exact().m()
                    + " (docs/theory.md section 7.3), the objective the first exact:K@M mixture minimises");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("mixtures");
        for (int i = 0; i < list.size(); i++) {
            StudyOutput.addFields(list.get(i), entries.get(i), train.batch());
        }
        String transformerTable = validate && model.transformer()
                ? TransformerCommands.compare(input.path(), problem, model.spelling(), chosen.stream().map(Mixture::name).toList(),
                        chosen.stream().map(Mixture::weights).toList(), list, steps, monteCarlo.seed.given(), kk, common, err)
                : "";
        if (out != null) {
            Output.write(out.resolve("compare.json"), "compare", doc);
            AtomicFiles.writeString(out.resolve("mixtures.csv"), SelectionJson.mixturesCsv(s.program().names(), mixtures));
            StudyOutput.curvesCsv(entries).write(out.resolve("curves.csv"));
            Charts.errorVsK("Predicted" + (validate ? " and measured" : "") + " CoT error on " + problem.target().name()
                    + " (m = " + testM + ")", StudyOutput.curves(entries), out.resolve("curves.png"));
        }
        if (report.requested()) {
            writeReport(problem, entries, Math.min(exactK != null ? exactK : problem.settings().kMax(), kk), train.seed());
        }
        common.print(common.out(), "compare", doc,
                () -> human(s, mixtures) + curvesText(problem, entries, testM, kk) + transformerTable);
        return s.result().status().isOptimal() ? 0 : Main.EXIT_NOT_CONVERGED;
    }

    /** The checks of option combinations that need no problem. */
    private void checkOptions() {
        if (variant.objectiveKind().equals(SelectionJson.EXACT)) {
            throw new InputException("--objective exact: compare scores the surrogate optimum; add the exact-objective"
                    + " mixture with --exact-k K or --mixtures ...,exact:K@M");
        }
        if (steps != null && !validate) {
            throw new InputException("--steps: only used with --validate");
        }
        if (exactK != null && exactK < 1) {
            throw new InputException("--exact-k: value " + exactK + " must be >= 1");
        }
    }

    /** The text table of every mixture's predicted (and measured) CoT error per k. */
    private String curvesText(Problem problem, List<Study.Entry> entries, TestLength testM, int kk) {
        return "\nCoT error per dimension on " + problem.target().name() + " at m = " + testM
                + " (predicted: theory, Monte Carlo for k > 1" + (validate ? "; measured: trained LSA model" : "")
                + "):\n" + StudyOutput.table(entries, StudyOutput.thin(StudyOutput.reportedKs(problem, kk), 4));
    }

    /**
     * The exact objective every mixture is scored on: that of the first {@code exact:K@M} mixture
     * asked for ({@code --exact-k K} counts as {@code exact:K@inf}), or null if there is none.
     */
    private MixtureSpec.Exact exactEvaluation(Problem problem) {
        if (exactK != null) {
            return new MixtureSpec.Exact(java.util.OptionalInt.of(exactK), TestLength.INFINITE);
        }
        if (only == null) {
            return null;
        }
        for (MixtureSpec x : only) {
            if (x instanceof MixtureSpec.Exact e) {
                return e.k().isPresent() ? e : e.withK(problem.settings().kMax());
            }
        }
        return null;
    }

    /**
     * The mixtures asked for, resolved on the solved problem: by default the surrogate optimum and
     * every baseline that applies; {@code --exact-k K} adds {@code exact:K@inf} second.
     */
    private List<Mixture> mixtures(Selection.Solution s, Problem problem, PrintWriter err) {
        MixtureResolver resolver = new MixtureResolver(problem, () -> s, missingAsZero, variant.filters.dropped(problem));
        List<Mixture> out = new ArrayList<>();
        if (only == null) {
            out.add(resolver.resolve(MixtureSpec.SURROGATE));
            out.addAll(resolver.allBaselines());
        } else {
            for (MixtureSpec x : only) {
                x.deprecation().ifPresent(err::println);
                if (x instanceof MixtureSpec.Exact && common.progress()) {
                    err.println("taskmix: minimising the exact objective for " + x.label() + " from the optimum ...");
                }
                out.add(resolver.resolve("--mixtures", x));
            }
        }
        if (exactK != null) {
            if (common.progress()) {
                err.println("taskmix: minimising J_" + exactK + " (m = inf) from the optimum ...");
            }
            MixtureSpec.Exact x = new MixtureSpec.Exact(java.util.OptionalInt.of(exactK), TestLength.INFINITE);
            out.add(Math.min(1, out.size()), resolver.resolve(x));
        }
        err.flush();
        return out;
    }

    /** {@code --report}: the decision-first page, linking the files of {@code --out} if given. */
    private void writeReport(Problem problem, List<Study.Entry> entries, int k, long seed) {
        Path out = output.dir();
        List<ReportInput.FileLink> files = out == null ? List.of() : List.of(
                DecisionReports.file(out.resolve("compare.json"), "everything above, as JSON"),
                DecisionReports.file(out.resolve("mixtures.csv"), "weights per task and mixture"),
                DecisionReports.file(out.resolve("curves.csv"), "predicted (and measured) error per mixture and k"),
                DecisionReports.file(out.resolve("curves.png"), "every curve on the full range"));
        DecisionReports.write(report, out, "report.html", "taskmix compare: " + problem.name(), problem, entries, k,
                seed, files, null);
    }

    static String human(Selection.Solution s, List<ScoredMixture> mixtures) {
        StringBuilder sb = new StringBuilder();
        sb.append("problem ").append(s.problem().name()).append(": optimum (").append(s.result().status())
                .append(", solver ").append(s.result().solver()).append(", gap ")
                .append(TextTable.num(s.result().certificate().gap())).append(") and baselines\n\n");
        int k = s.program().blocks().size();
        String[] head = new String[3 + (k > 1 ? k : 0)];
        head[0] = "mixture";
        head[1] = "objective";
        for (int j = 0; j < (k > 1 ? k : 0); j++) {
            head[2 + j] = s.program().blocks().get(j).name();
        }
        head[head.length - 1] = "note";
        TextTable t = new TextTable(head);
        for (ScoredMixture m : mixtures) {
            Object[] row = new Object[head.length];
            row[0] = m.mixture().name();
            row[1] = m.objective();
            double[] per = m.targetObjectives().toArray();
            for (int j = 0; j < (k > 1 ? k : 0); j++) {
                row[2 + j] = per[j];
            }
            row[head.length - 1] = m.mixture().note();
            t.row(row);
        }
        sb.append(t).append('\n');
        List<String> names = s.program().names();
        String[] wh = new String[mixtures.size() + 1];
        wh[0] = "task";
        for (int j = 0; j < mixtures.size(); j++) {
            wh[j + 1] = mixtures.get(j).mixture().name();
        }
        TextTable w = new TextTable(wh);
        double[][] ws = new double[mixtures.size()][];
        for (int j = 0; j < mixtures.size(); j++) {
            ws[j] = mixtures.get(j).mixture().weights();
        }
        int shown = 0;
        for (int i = 0; i < names.size(); i++) {
            boolean any = false;
            for (double[] x : ws) {
                any |= x[i] != 0;
            }
            if (names.size() > FULL_TABLE_TASKS && !any) {
                continue;
            }
            Object[] row = new Object[wh.length];
            row[0] = names.get(i);
            for (int j = 0; j < ws.length; j++) {
                row[j + 1] = ws[j][i];
            }
            w.row(row);
            shown++;
        }
        sb.append("weights").append(shown < names.size() ? " (tasks with weight in some mixture)" : "").append(":\n");
        sb.append(w);
        return sb.toString();
    }
}
