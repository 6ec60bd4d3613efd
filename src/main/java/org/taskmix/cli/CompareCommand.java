package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.io.AtomicFiles;
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

    @Option(names = "--out", paramLabel = "DIR", description = "Also write compare.json and mixtures.csv into DIR.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Selection.Solution s = variant.solve(problemFile);
        String kind = variant.objectiveKind();
        List<ScoredMixture> mixtures = s.compare();
        Map<String, Object> doc = SelectionJson.compare(s, mixtures, kind);
        if (out != null) {
            AtomicFiles.writeString(out.resolve("compare.json"), Output.toJson(doc) + "\n");
            AtomicFiles.writeString(out.resolve("mixtures.csv"), SelectionJson.mixturesCsv(s.program().names(), mixtures));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(stdout, doc);
        } else {
            stdout.print(human(s, mixtures));
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
