package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.CovarianceRules;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.io.InputException;
import org.taskmix.io.ProblemWriter;
import org.taskmix.io.SampleFiles;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.report.TextTable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code estimate --task NAME=FILE … --target FILE|--target-identity --out PROBLEM}: builds a
 * problem file from per-task sample files (e.g. embeddings of each task's training examples),
 * each streamed into its covariance estimate.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Build a problem file from per-task sample files (NPY float32/float64 2-D arrays, or CSV with one"
                + " sample per line), e.g. feature embeddings of each task's examples.",
                "Each task's covariance is the second moment (1/N) sum x x^T of its samples (the model's Lambda,"
                        + " features of mean zero), or with --center the sample covariance. Files are streamed in"
                        + " blocks, never loaded whole. The problem stores the estimates as full matrices and each"
                        + " task's sample count as its size."})
public final class EstimateCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, paramLabel = "NAME=FILE",
            description = "A training task and its sample file; repeat for each task (catalog order).")
    List<String> tasks;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    static final class TargetChoice {
        @Option(names = "--target", paramLabel = "FILE", required = true,
                description = "Sample file of the downstream target task.")
        Path file;

        @Option(names = "--target-identity", required = true,
                description = "No target samples: use Sigma = I (every direction equally important).")
        boolean identity;
    }

    @Option(names = "--target-name", paramLabel = "NAME", defaultValue = "target",
            description = "Name of the target (default: ${DEFAULT-VALUE}).")
    String targetName;

    @Option(names = "--group", paramLabel = "NAME=GROUP", description = "Group label of a task (repeatable).")
    List<String> groups;

    @Option(names = "--center", description = "Centre each file's samples (sample covariance, 1/(N-1)) instead of"
            + " the uncentred second moment.")
    boolean center;

    @Option(names = "--no-size", description = "Do not record each task's sample count as its size.")
    boolean noSize;

    @Option(names = "--name", paramLabel = "NAME", description = "Problem name (default: the output file name).")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Problem description (default: how it was made).")
    String description;

    @Option(names = "--n", paramLabel = "N", description = "settings.n: training prompt length (default: 20).")
    Integer n;

    @Option(names = "--m", paramLabel = "M", description = "settings.m: test prompt length (default: 40).")
    Integer m;

    @Option(names = "--k", paramLabel = "K", split = ",", description = "settings.k: CoT lengths (default: 1,2,4,8,16).")
    List<Integer> k;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads per NPY file (default: available processors; the result is identical for any T).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "PROBLEM", description = "Problem file to write (atomically).")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int nThreads = threads != null ? threads : SampleFiles.defaultThreads();
        if (nThreads < 1) {
            throw new InputException("--threads: value " + nThreads + " must be >= 1");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String t : tasks) {
            int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new InputException("--task: value \"" + t + "\" must be NAME=FILE");
            }
            String taskName = t.substring(0, eq).strip();
            if (files.put(taskName, Path.of(t.substring(eq + 1))) != null) {
                throw new InputException("--task: value \"" + t + "\": task name \"" + taskName
                        + "\" is given twice; task names must be unique");
            }
        }
        Map<String, String> groupOf = new LinkedHashMap<>();
        if (groups != null) {
            for (String g : groups) {
                int eq = g.indexOf('=');
                if (eq <= 0 || eq == g.length() - 1) {
                    throw new InputException("--group: value \"" + g + "\" must be NAME=GROUP");
                }
                String taskName = g.substring(0, eq).strip();
                if (!files.containsKey(taskName)) {
                    throw new InputException("--group: value \"" + g + "\": no --task is named \"" + taskName + "\"");
                }
                groupOf.put(taskName, g.substring(eq + 1).strip());
            }
        }
        Settings settings;
        try {
            settings = new Settings(n != null ? n : Settings.DEFAULT.n(), m != null ? m : Settings.DEFAULT.m(),
                    k != null ? k : Settings.DEFAULT.k(), TrainingSettings.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage().replaceFirst("^settings\\.", "--"));
        }

        List<Task> taskList = new ArrayList<>();
        List<SampleFiles.Estimate> estimates = new ArrayList<>();
        int d = -1;
        Path first = null;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            SampleFiles.Estimate est = SampleFiles.estimate(e.getValue(), center, nThreads, -1);
            if (d < 0) {
                d = est.dim();
                first = e.getValue();
            } else if (est.dim() != d) {
                throw InputException.at(e.getValue(), null, "has " + est.dim() + " columns but " + first
                        + " (the first task) has " + d + "; every task must have one dimension");
            }
            String psd = CovarianceRules.psdViolation(est.covariance());
            if (psd != null) {
                throw InputException.at(e.getValue(), null, psd);
            }
            estimates.add(est);
            taskList.add(new Task(e.getKey(), groupOf.get(e.getKey()), noSize ? null : (double) est.samples(), null,
                    est.covariance(), WeightLimits.NONE));
        }
        SymmetricMatrix sigma;
        SampleFiles.Estimate targetEstimate = null;
        if (target.identity) {
            sigma = SymmetricMatrix.identity(d);
        } else {
            targetEstimate = SampleFiles.estimate(target.file, center, nThreads, -1);
            if (targetEstimate.dim() != d) {
                throw InputException.at(target.file, null, "has " + targetEstimate.dim() + " columns but the tasks ("
                        + first + ") have " + d + "; the target must have the tasks' dimension");
            }
            sigma = targetEstimate.covariance();
            String bad = CovarianceRules.targetViolation(sigma);
            if (bad != null) {
                throw InputException.at(target.file, null, bad);
            }
        }
        String problemName = name != null ? name : stem(out);
        String text = description != null ? description : describe(files, estimates, targetEstimate);
        Problem problem = new Problem(problemName, text, new Catalog(taskList), List.of(Target.of(targetName, sigma)),
                settings, out.toString());
        ProblemWriter.write(out, problem);
        report(problem, files, estimates, targetEstimate);
        return 0;
    }

    private String describe(Map<String, Path> files, List<SampleFiles.Estimate> estimates,
                            SampleFiles.Estimate targetEstimate) {
        StringBuilder sb = new StringBuilder("Estimated by taskmix estimate from sample files ("
                + (center ? "centred sample covariance, 1/(N-1)" : "uncentred second moment (1/N) sum x x^T") + "): ");
        int i = 0;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            sb.append(i > 0 ? "; " : "").append(e.getKey()).append(" = ").append(e.getValue()).append(" (")
                    .append(estimates.get(i).samples()).append(" samples)");
            i++;
        }
        sb.append(". Target ").append(targetName).append(targetEstimate == null ? ": Sigma = I."
                : " = " + targetEstimate.file() + " (" + targetEstimate.samples() + " samples).");
        return sb.toString();
    }

    private void report(Problem problem, Map<String, Path> files, List<SampleFiles.Estimate> estimates,
                        SampleFiles.Estimate targetEstimate) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("out", out.toString());
            doc.put("problem", problem.name());
            doc.put("dimension", problem.dim());
            doc.put("centered", center);
            List<Map<String, Object>> ts = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Path> e : files.entrySet()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", e.getKey());
                t.put("file", e.getValue().toString());
                t.put("samples", estimates.get(i).samples());
                t.put("hardness", SpectralDiagnostics.of(estimates.get(i).covariance()).hardness());
                t.put("meanNorm", norm(estimates.get(i).mean()));
                ts.add(t);
                i++;
            }
            doc.put("tasks", ts);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", targetName);
            if (targetEstimate == null) {
                g.put("covariance", "identity");
            } else {
                g.put("file", targetEstimate.file().toString());
                g.put("samples", targetEstimate.samples());
            }
            g.put("hardness", SpectralDiagnostics.of(problem.target().covariance()).hardness());
            doc.put("target", g);
            Output.json(stdout, doc);
            return;
        }
        stdout.println("wrote " + out + ": " + problem.catalog().size() + " tasks, d = " + problem.dim() + ", "
                + (center ? "centred covariance" : "second moment (uncentred)"));
        TextTable t = new TextTable("task", "file", "samples", "hardness", "|mean|/sqrt(tr)");
        int i = 0;
        boolean largeMean = false;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            SampleFiles.Estimate est = estimates.get(i++);
            double ratio = norm(est.mean()) / Math.sqrt(est.covariance().trace());
            largeMean |= !center && ratio > 0.5;
            t.row(e.getKey(), e.getValue().toString(), String.valueOf(est.samples()),
                    SpectralDiagnostics.of(est.covariance()).hardness(), ratio);
        }
        stdout.print(t);
        stdout.println("target " + targetName + ": " + (targetEstimate == null ? "Sigma = I"
                : targetEstimate.file() + " (" + targetEstimate.samples() + " samples)"));
        if (largeMean) {
            // Only a hint: the second moment is what the model sees, but a large common mean is
            // usually an embedding offset rather than a skill.
            stdout.println("note: some files have a mean far from zero (|mean|/sqrt(tr) > 0.5); the mean then"
                    + " dominates the second moment. Consider --center.");
        }
        stdout.flush();
    }

    private static double norm(double[] v) {
        return Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
    }

    private static String stem(Path p) {
        String s = p.getFileName().toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
