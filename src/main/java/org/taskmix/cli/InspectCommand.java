package org.taskmix.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.ProblemDiagnostics.TargetDiagnostics;
import org.taskmix.catalog.ProblemDiagnostics.TaskDiagnostics;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.io.ProblemReader;
import org.taskmix.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inspect PROBLEM}: per-task and target spectral diagnostics. */
@Command(name = "inspect", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = "Per-task and target diagnostics: hardness tr/lambda_min, lambda_min, lambda_max, condition,"
                + " effective rank, relevance to the target.")
public final class InspectCommand implements Callable<Integer> {

    @Mixin
    ProblemFile input;

    @Mixin
    CommonOptions common;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputDir output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Problem problem = filters.apply(ProblemReader.read(input.path(), ProgressBars.on(spec.commandLine().getErr(), common.progress())));
        ProblemDiagnostics diag = ProblemDiagnostics.of(problem);
        Map<String, Object> doc = toJson(problem, diag);
        if (output.dir() != null) {
            Output.write(output.dir().resolve("inspect.json"), "inspect", doc);
        }
        common.print(spec.commandLine().getOut(), "inspect", doc, () -> humanReport(problem, diag));
        return 0;
    }

    /** The inspect JSON document (docs/formats.md fields plus extras). */
    static Map<String, Object> toJson(Problem problem, ProblemDiagnostics diag) {
        Map<String, Object> doc = Output.fields("problem", problem.name(), "source", problem.source(),
                "dimension", problem.dim());
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskDiagnostics t : diag.tasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            if (t.group() != null) {
                m.put("group", t.group());
            }
            spectral(m, t.spectral());
            m.put("relevance", t.relevance());
            if (t.relevanceByTarget().size() > 1) {
                m.put("relevanceByTarget", t.relevanceByTarget());
            }
            tasks.add(m);
        }
        doc.put("tasks", tasks);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (TargetDiagnostics g : diag.targets()) {
            Map<String, Object> m = Output.fields("name", g.name(), "weight", g.weight());
            spectral(m, g.spectral());
            targets.add(m);
        }
        doc.put("target", targets.get(0));
        if (targets.size() > 1) {
            doc.put("targets", targets);
        }
        return doc;
    }

    private static void spectral(Map<String, Object> m, SpectralDiagnostics s) {
        m.put("hardness", s.hardness());
        if (s.singular()) {
            m.put("hardnessOnSupport", s.hardnessOnSupport());
            m.put("rank", s.rank());
        }
        m.put("lambdaMin", s.lambdaMin());
        m.put("lambdaMax", s.lambdaMax());
        m.put("condition", s.condition());
        m.put("effectiveRank", s.effectiveRank());
        m.put("trace", s.trace());
    }

    static String humanReport(Problem problem, ProblemDiagnostics diag) {
        StringBuilder sb = new StringBuilder();
        sb.append("problem ").append(problem.name()).append(" (").append(problem.source()).append("): ")
                .append(problem.catalog().size()).append(" tasks, d = ").append(problem.dim()).append("\n\n");
        TextTable t = new TextTable("task", "group", "hardness", "lambda_min", "lambda_max", "condition", "eff.rank", "relevance");
        for (TaskDiagnostics d : diag.tasks()) {
            SpectralDiagnostics s = d.spectral();
            String hard = s.singular() ? "inf (" + TextTable.num(s.hardnessOnSupport()) + " on rank " + s.rank() + ")"
                    : TextTable.num(s.hardness());
            t.row(d.name(), d.group() == null ? "-" : d.group(), hard, s.lambdaMin(), s.lambdaMax(), s.condition(),
                    s.effectiveRank(), d.relevance());
        }
        sb.append(t).append('\n');
        TextTable g = new TextTable("target", "weight", "hardness", "lambda_min", "lambda_max", "condition", "eff.rank");
        for (TargetDiagnostics d : diag.targets()) {
            SpectralDiagnostics s = d.spectral();
            g.row(d.name(), d.weight(), s.hardness(), s.lambdaMin(), s.lambdaMax(), s.condition(), s.effectiveRank());
        }
        sb.append(g);
        sb.append("\nhardness = tr/lambda_min (>= d, = d iff isotropic); relevance = cos(Sigma^-1 Lambda, I) in [0, 1],"
                + " 1 iff Lambda is proportional to Sigma.\n");
        return sb.toString();
    }
}
