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
import org.taskmix.theory.ExactSelection;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.MixtureStudy;
import org.taskmix.io.SelectionJson;
import org.taskmix.report.TextTable;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code compare PROBLEM}: the optimum and every baseline side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "The optimal mixture and every baseline (uniform, size, hardness, relevance, best single task,"
                + " easy-only, hard-only) side by side, each scored on the same objective, with their weights."
                + " Baselines that break the weight limits are projected onto them (the note says so).")
public final class CompareCommand implements Callable<Integer> {

    /** Above this many tasks the human weights table shows only tasks with some weight somewhere. */
    static final int FULL_TABLE_TASKS = 40;

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "Problem file (taskmix/problem-1 JSON).")
    Path problemFile;

    @Mixin
    CommonOptions common;

    @Mixin
    SolveCommand.Variant variant;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write compare.json, mixtures.csv, curves.csv and curves.png into DIR.")
    Path out;

    @Option(names = "--mixtures", paramLabel = "NAME", split = ",",
            description = "Only these mixtures (comma-separated): optimal, exact, and the baselines uniform, size,"
                    + " hardness, relevance, best-single, easy-only, hard-only. Default: all but exact.")
    List<String> only;

    @Option(names = "--exact-k", paramLabel = "K",
            description = "Add the exact-objective mixture minimising J_K (m = inf) from the optimum; same as naming"
                    + " 'exact' in --mixtures with K = the largest k of the settings.")
    Integer exactK;

    @Option(names = "--k-max", paramLabel = "K",
            description = "Predict (and measure) k = 1..K (default: the largest k of the settings).")
    Integer kMax;

    @Option(names = "--validate", description = "Train the LSA model on every mixture and measure its CoT error on the"
            + " target (slow: one training run per mixture; settings.train, --steps).")
    boolean validate;

    @Option(names = "--model", paramLabel = "lsa|transformer[:PRESET]", defaultValue = "lsa",
            description = "With --validate: the model trained on every mixture, lsa (default) or the transformer"
                    + " (DJL + PyTorch; settings.transformer; docs/theory.md section 9).")
    String model;

    @Option(names = "--steps", description = "With --validate: optimiser steps per mixture (default: settings.train.steps).")
    Integer steps;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "400",
            description = "Monte Carlo test prompts per mixture for the predicted curve at k > 1 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", description = "Seed of the Monte Carlo prediction and of training (default: settings.train.seed).")
    Long seed;

    @Spec
    CommandSpec spec;

    /** Every mixture name compare knows. */
    static final List<String> KNOWN = List.of("optimal", "exact", "uniform", "size", "hardness", "relevance",
            "best-single", "easy-only", "hard-only");

    @Override
    public Integer call() {
        if (variant.objectiveKind().equals(SelectionJson.EXACT)) {
            throw new InputException("--objective exact: compare scores the surrogate optimum; add the exact-objective"
                    + " mixture with --exact-k K or --mixtures ...,exact");
        }
        if (only != null) {
            for (String name : only) {
                if (!KNOWN.contains(name)) {
                    throw new InputException("--mixtures: \"" + name + "\" is not a known mixture; known: "
                            + String.join(", ", KNOWN));
                }
            }
        }
        if (steps != null && !validate) {
            throw new InputException("--steps: only used with --validate");
        }
        Selection.Solution s = variant.solve(problemFile, ProgressBars.on(spec.commandLine().getErr(), common.progress()));
        Problem problem = s.problem();
        String kind = variant.objectiveKind();
        List<ScoredMixture> mixtures = new ArrayList<>();
        for (ScoredMixture m : s.compare()) {
            if (only == null || only.contains(m.mixture().name())) {
                mixtures.add(m);
            }
        }
        boolean wantExact = exactK != null || (only != null && only.contains("exact"));
        if (wantExact) {
            int k = exactK != null ? exactK : problem.settings().kMax();
            if (k < 1) {
                throw new InputException("--exact-k: value " + k + " must be >= 1");
            }
            if (common.progress()) {
                spec.commandLine().getErr().println("taskmix: minimising J_" + k + " (m = inf) from the optimum ...");
            }
            ExactSelection.Result r = StudyOutput.exact(s, k);
            mixtures.add(Math.min(1, mixtures.size()), ScoredMixture.of(s.program(), StudyOutput.exactMixture(r)));
        }
        int kk = kMax != null ? kMax : problem.settings().kMax();
        TrainingSettings base = problem.settings().train();
        TrainingSettings train = new TrainingSettings(base.optimizer(),
                OptionChecks.positive("--steps", steps, base.steps()), base.batch(), base.learningRate(),
                base.schedule(), base.testPrompts(),
                seed != null ? seed : base.seed());
        MixtureStudy.Options options = new MixtureStudy.Options(kk, problem.settings().m(), samples, train.seed(),
                validate && !TransformerCommands.isTransformer(model), train, Runtime.getRuntime().availableProcessors());
        List<MixtureStudy.Entry> entries = MixtureStudy.run(problem, s.program(),
                mixtures.stream().map(ScoredMixture::mixture).toList(), options,
                ProgressBars.on(spec.commandLine().getErr(), common.progress()));

        Map<String, Object> doc = SelectionJson.compare(s, mixtures, kind);
        doc.put("normalization", Prediction.NORMALIZATION);
        doc.put("m", problem.settings().m());
        doc.put("validated", validate);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("mixtures");
        for (int i = 0; i < list.size(); i++) {
            StudyOutput.addFields(list.get(i), entries.get(i));
        }
        String transformerTable = validate && TransformerCommands.isTransformer(model)
                ? TransformerCommands.compare(problemFile, problem, model, mixtures.stream().map(x -> x.mixture().name()).toList(),
                        mixtures.stream().map(x -> x.mixture().weights()).toList(), list, steps, seed, kk, common,
                        spec.commandLine().getErr())
                : "";
        if (out != null) {
            AtomicFiles.writeString(out.resolve("compare.json"), Output.toJson(doc) + "\n");
            AtomicFiles.writeString(out.resolve("mixtures.csv"), SelectionJson.mixturesCsv(s.program().names(), mixtures));
            StudyOutput.curvesCsv(entries).write(out.resolve("curves.csv"));
            Charts.errorVsK("Predicted" + (validate ? " and measured" : "") + " CoT error on " + problem.target().name()
                    + " (m = " + problem.settings().m() + ")", StudyOutput.curves(entries), out.resolve("curves.png"));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(stdout, doc);
        } else {
            stdout.print(human(s, mixtures));
            stdout.print("\nCoT error per dimension on " + problem.target().name() + " at m = " + problem.settings().m()
                    + " (predicted: theory, Monte Carlo for k > 1" + (validate ? "; measured: trained LSA model" : "")
                    + "):\n");
            stdout.print(StudyOutput.table(entries, StudyOutput.thin(StudyOutput.reportedKs(problem, kk), 4)));
            stdout.print(transformerTable);
            stdout.flush();
        }
        return s.result().status().isOptimal() ? 0 : Main.EXIT_NOT_CONVERGED;
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
            double[] per = m.targetObjectives();
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
