package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.CovarianceRules;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.Spelled;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.catalog.Workers;
import org.taskmix.io.CovarianceSidecar;
import org.taskmix.io.InputException;
import org.taskmix.io.Manifest;
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
 * {@code estimate --task NAME=FILE …|--manifest FILE --target FILE|--target-identity --out PROBLEM}: builds a
 * problem file from per-task sample files (e.g. embeddings of each task's training examples),
 * each streamed into its covariance estimate.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = {"Build a problem file from per-task sample files (NPY float16/float32/float64 2-D arrays, NPZ"
                + " archives, Parquet tables, or CSV with one sample per line), e.g. feature embeddings of each task's examples;"
                + " tasks are given one by one (--task) or in a manifest (--manifest).",
                "Each task's covariance is the second moment (1/N) sum x x^T of its samples (the model's Lambda,"
                        + " features of mean zero), or with --center the sample covariance. Files are streamed in"
                        + " blocks, never loaded whole. The problem stores the estimates as full matrices and each"
                        + " task's sample count as its size."})
public final class EstimateCommand implements Callable<Integer> {

    @Option(names = "--task", paramLabel = "NAME=FILE",
            description = "A training task and its sample file; repeat for each task (catalog order)."
                    + " FILE.npz:KEY names one array of an archive.")
    List<String> tasks;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Instead of --task: a JSON Lines (.jsonl) or CSV (.csv) manifest with one task per line"
                    + " (name, path as file, folder or glob, optional group, size, n, array, column, taskColumn,"
                    + " taskValue); see docs/formats.md.")
    Path manifest;

    @Option(names = "--shrinkage", paramLabel = "none|oas", defaultValue = "none", converter = Converters.ShrinkageMethod.class,
            description = "Shrink each estimate towards (tr S/d) I: oas (Oracle Approximating Shrinkage, for Gaussian"
                    + " features) or none (the raw estimate; default). See docs/theory.md section 8.")
    Shrinkage.Method method;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "0",
            description = "Parametric bootstrap with B replicates: a 90%% interval for each task's hardness (default 0:"
                    + " none).")
    int bootstrap;

    /** Where the task covariances go ({@code --sidecar}). */
    enum Sidecar implements Spelled {
        AUTO, ALWAYS, NEVER
    }

    @Option(names = "--sidecar", paramLabel = "auto|always|never", defaultValue = "auto",
            converter = Converters.SidecarSpelling.class,
            description = "Keep the task covariances in a binary sidecar PROBLEM-stem.covariances.npy (shape (T, d, d),"
                    + " memory-mapped on load, SHA-256 in the problem file): always, never, or auto (default: when"
                    + " they have more than 10^6 entries, about 20 MB of JSON).")
    Sidecar sidecar;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

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

    @Mixin
    SettingsOptions settingsOptions;

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
        int nThreads = OptionChecks.positive("--threads", threads, SampleFiles.defaultThreads());
        if (bootstrap != 0 && bootstrap < 2) {
            throw new InputException("--bootstrap: value " + bootstrap + " must be 0 (none) or >= 2");
        }
        if ((tasks == null) == (manifest == null)) {
            throw new InputException(tasks == null ? "give the tasks with --task NAME=FILE (repeatable) or --manifest FILE"
                    : "--task and --manifest: give one of them, not both");
        }
        List<Input> inputs = readInputs();
        Settings settings = settingsOptions.settings(Settings.DEFAULT.n(), Settings.DEFAULT.m());
        List<Task> taskList = estimateTasks(inputs, method, nThreads);
        int d = inputs.isEmpty() ? -1 : inputs.get(0).estimate.dim();
        Path first = inputs.isEmpty() ? null : inputs.get(0).estimate.file();
        if (bootstrap >= 2) {
            bootstrapHardness(inputs, method);
        }
        TargetCovariance tc = targetCovariance(d, first, method, nThreads);
        SampleFiles.Estimate targetEstimate = tc.estimate();
        String problemName = name != null ? name : stem(out);
        String text = description != null ? description : describe(inputs, targetEstimate, method);
        Problem problem = new Problem(problemName, text, new Catalog(taskList), List.of(Target.of(targetName, tc.sigma())),
                settings, out.toString());
        writeProblem(problem, (long) taskList.size() * d * d);
        if (common.progress()) {
            // After the output is written, so a failing run prints only its one error line.
            for (Input in : inputs) {
                if (in.warning != null) {
                    spec.commandLine().getErr().println("taskmix: warning: task " + in.name + ": " + in.warning);
                }
            }
        }
        report(problem, inputs, targetEstimate, method);
        return 0;
    }

    /** The tasks from --manifest or --task, with --group applied (in the order given). */
    private List<Input> readInputs() {
        List<Input> inputs = new ArrayList<>();
        Map<String, Input> byName = new LinkedHashMap<>();
        if (manifest != null) {
            for (Manifest.Entry e : Manifest.read(manifest)) {
                Input in = new Input(e.name(), e.group(), e.size(), e.n(), e.files(),
                        new SampleFiles.Selection(e.array(), e.column(), e.taskColumn(), e.taskValue()));
                inputs.add(in);
                byName.put(in.name, in);
            }
        } else {
            for (String t : tasks) {
                int eq = t.indexOf('=');
                if (eq <= 0 || eq == t.length() - 1) {
                    throw new InputException("--task: value \"" + t + "\" must be NAME=FILE");
                }
                String taskName = t.substring(0, eq).strip();
                Input in = new Input(taskName, null, null, null, List.of(Path.of(t.substring(eq + 1))), null);
                if (byName.put(taskName, in) != null) {
                    throw new InputException("--task: value \"" + t + "\": task name \"" + taskName
                            + "\" is given twice; task names must be unique");
                }
                inputs.add(in);
            }
        }
        if (groups != null) {
            for (String g : groups) {
                int eq = g.indexOf('=');
                if (eq <= 0 || eq == g.length() - 1) {
                    throw new InputException("--group: value \"" + g + "\" must be NAME=GROUP");
                }
                String taskName = g.substring(0, eq).strip();
                Input in = byName.get(taskName);
                if (in == null) {
                    throw new InputException("--group: value \"" + g + "\": no task is named \"" + taskName + "\"");
                }
                in.group = g.substring(eq + 1).strip();
            }
        }
        return inputs;
    }

    /**
     * Estimates and shrinks every task's covariance (all must share one dimension). Task i's check
     * (positive semidefiniteness: at d = 4096 a Cholesky factor and two Lanczos runs, docs/theory.md
     * §8.1) and shrinkage run on a thread of their own while task i + 1 is read and accumulated, so
     * the reading's single-threaded stretches (decoding pages) no longer leave a core idle. Each
     * result depends only on its own task, progress lines come from this thread in task order, and
     * when several tasks are bad the error reported is the first in catalog order, exactly as a
     * sequential loop reports it.
     */
    private List<Task> estimateTasks(List<Input> inputs, Shrinkage.Method method, int nThreads) {
        List<Task> taskList = new ArrayList<>();
        long t0 = System.nanoTime();
        int[] d = {-1};
        Workers.overlapped(inputs.size(), i -> {
            Input in = inputs.get(i);
            SampleFiles.Estimate est = SampleFiles.estimateAll(in.files, in.select, center, nThreads, -1);
            if (d[0] < 0) {
                d[0] = est.dim();
            } else if (est.dim() != d[0]) {
                throw InputException.at(est.file(), null, "has " + est.dim() + " columns but " + inputs.get(0).estimate.file()
                        + " (the first task) has " + d[0] + "; every task must have one dimension");
            }
            in.estimate = est;
            return in;
        }, (i, in) -> checkTask(in, in.estimate.dim(), method), (i, task) -> {
            taskList.add(task);
            progress(taskList.size(), inputs.size(), t0);
        });
        return taskList;
    }

    /** Checks and shrinks one estimated task (the second stage, on a thread of its own) and makes its {@link Task}. */
    private Task checkTask(Input in, int d, Shrinkage.Method method) {
        SampleFiles.Estimate est = in.estimate;
        String psd = CovarianceRules.psdViolation(est.covariance());
        if (psd != null) {
            throw InputException.at(est.file(), null, psd);
        }
        in.shrunk = Shrinkage.apply(est.covariance(), effectiveSamples(est), method);
        in.warning = Shrinkage.samplesWarning(est.samples(), d);
        Double size = noSize ? null : in.size != null ? in.size : (Double) (double) est.samples();
        return new Task(in.name, in.group, size, in.n, in.shrunk.covariance(), WeightLimits.NONE);
    }

    private void progress(int done, int total, long t0) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (common.progress() && total > 1 && elapsed > 2) {
            spec.commandLine().getErr().printf(Locale.ROOT, "taskmix: estimated %d/%d tasks (%.1f s)%n", done, total,
                    elapsed);
        }
    }

    /** Bootstrap intervals of every task's hardness (--bootstrap). */
    private void bootstrapHardness(List<Input> inputs, Shrinkage.Method method) {
        long bs = System.nanoTime();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            in.hardnessInterval = HardnessBootstrap.interval(in.estimate.covariance(), effectiveSamples(in.estimate), method,
                    bootstrap, new SplittableRandom(seed).split(), i);
        }
        if (common.progress() && (System.nanoTime() - bs) / 1e9 > 2) {
            spec.commandLine().getErr().printf(Locale.ROOT, "taskmix: bootstrap of %d replicates took %.1f s%n",
                    bootstrap, (System.nanoTime() - bs) / 1e9);
        }
    }

    /** The target's covariance, and its sample estimate unless the target is the identity. */
    private record TargetCovariance(SymmetricMatrix sigma, SampleFiles.Estimate estimate) {
    }

    private TargetCovariance targetCovariance(int d, Path first, Shrinkage.Method method, int nThreads) {
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
            sigma = Shrinkage.apply(targetEstimate.covariance(), effectiveSamples(targetEstimate), method).covariance();
            String bad = CovarianceRules.targetViolation(sigma);
            if (bad != null) {
                throw InputException.at(target.file, null, bad);
            }
        }
        return new TargetCovariance(sigma, targetEstimate);
    }

    /** Writes the problem, with a covariance sidecar per --sidecar. */
    private void writeProblem(Problem problem, long entries) {
        boolean compact = switch (sidecar) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> entries > CovarianceSidecar.AUTO_THRESHOLD_ENTRIES;
        };
        if (compact) {
            sidecarFile = out.resolveSibling(stem(out) + ".covariances.npy");
            ProblemWriter.writeCompact(out, problem, sidecarFile);
        } else {
            ProblemWriter.write(out, problem);
        }
    }

    /** The sidecar written, or null. */
    private Path sidecarFile;

    /** One task being estimated: what was asked, and what came out. */
    private static final class Input {
        final String name;
        String group;
        final Double size;
        final Integer n;
        final List<Path> files;
        final SampleFiles.Selection select;
        SampleFiles.Estimate estimate;
        Shrinkage.Result shrunk;
        String warning;
        double[] hardnessInterval;

        Input(String name, String group, Double size, Integer n, List<Path> files, SampleFiles.Selection select) {
            this.name = name;
            this.group = group;
            this.size = size;
            this.n = n;
            this.files = files;
            this.select = select;
        }

        String filesText() {
            return files.size() == 1 ? files.get(0).toString() : files.get(0) + " (+" + (files.size() - 1) + " files)";
        }
    }

    /** Samples behind an estimate, less the degree of freedom the mean takes when centred. */
    private static double effectiveSamples(SampleFiles.Estimate e) {
        return e.centered() ? e.samples() - 1.0 : e.samples();
    }

    private String describe(List<Input> inputs, SampleFiles.Estimate targetEstimate, Shrinkage.Method method) {
        StringBuilder sb = new StringBuilder("Estimated by taskmix estimate from sample files ("
                + (center ? "centred sample covariance, 1/(N-1)" : "uncentred second moment (1/N) sum x x^T")
                + (method == Shrinkage.Method.NONE ? "" : ", " + method.label() + " shrinkage towards (tr S/d) I")
                + "): ");
        int i = 0;
        for (Input in : inputs) {
            sb.append(i++ > 0 ? "; " : "").append(in.name).append(" = ").append(in.filesText()).append(" (")
                    .append(in.estimate.samples()).append(" samples)");
        }
        sb.append(". Target ").append(targetName).append(targetEstimate == null ? ": Sigma = I."
                : " = " + targetEstimate.file() + " (" + targetEstimate.samples() + " samples).");
        return sb.toString();
    }

    private void report(Problem problem, List<Input> inputs, SampleFiles.Estimate targetEstimate,
                        Shrinkage.Method method) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            reportJson(stdout, problem, inputs, targetEstimate, method);
            return;
        }
        reportText(stdout, problem, inputs, targetEstimate, method);
    }

    private void reportJson(PrintWriter stdout, Problem problem, List<Input> inputs,
                            SampleFiles.Estimate targetEstimate, Shrinkage.Method method) {
        Map<String, Object> doc = Output.fields("out", out.toString(), "problem", problem.name(),
                "dimension", problem.dim(), "centered", center, "shrinkage", method.label(),
                "sidecar", sidecarFile == null ? null : sidecarFile.toString(),
                "minSamplesPerDimension", Shrinkage.MIN_SAMPLES_PER_DIMENSION);
        if (bootstrap >= 2) {
            doc.put("bootstrap", Output.fields("replicates", bootstrap, "seed", seed, "interval",
                    "basic (reverse percentile) bootstrap, 90%, bias-corrected: 2h - q(0.95) .. 2h - q(0.05)"));
        }
        List<Map<String, Object>> ts = new ArrayList<>();
        for (Input in : inputs) {
            Map<String, Object> t = Output.fields("name", in.name, "file", in.files.get(0).toString(),
                    "files", in.files.size(), "samples", in.estimate.samples(),
                    "samplesPerDimension", (double) in.estimate.samples() / problem.dim(),
                    "hardness", SpectralDiagnostics.of(in.shrunk.covariance()).hardness(),
                    "rawHardness", SpectralDiagnostics.of(in.estimate.covariance()).hardness(),
                    "shrinkageIntensity", in.shrunk.intensity());
            if (in.hardnessInterval != null) {
                t.put("hardnessBiasCorrected", in.hardnessInterval[1]);
                t.put("hardnessLow", in.hardnessInterval[0]);
                t.put("hardnessHigh", in.hardnessInterval[2]);
            }
            t.put("meanNorm", norm(in.estimate.mean().toArray()));
            if (in.warning != null) {
                t.put("warning", in.warning);
            }
            ts.add(t);
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
        Output.json(stdout, "estimate", doc);
    }

    private void reportText(PrintWriter stdout, Problem problem, List<Input> inputs,
                            SampleFiles.Estimate targetEstimate, Shrinkage.Method method) {
        stdout.println("wrote " + out + ": " + problem.catalog().size() + " tasks, d = " + problem.dim() + ", "
                + (center ? "centred covariance" : "second moment (uncentred)")
                + (method == Shrinkage.Method.NONE ? "" : ", " + method.label() + " shrinkage")
                + (sidecarFile == null ? "" : "; covariances in " + sidecarFile));
        List<String> cols = new ArrayList<>(List.of("task", "file", "samples", "hardness"));
        if (method != Shrinkage.Method.NONE) {
            cols.addAll(List.of("raw hardness", "shrinkage"));
        }
        if (bootstrap >= 2) {
            cols.addAll(List.of("bias-corrected", "90% low", "90% high"));
        }
        cols.add("|mean|/sqrt(tr)");
        TextTable t = new TextTable(cols.toArray(new String[0]));
        boolean largeMean = false;
        boolean fewSamples = false;
        for (Input in : inputs) {
            SampleFiles.Estimate est = in.estimate;
            double ratio = norm(est.mean().toArray()) / Math.sqrt(est.covariance().trace());
            largeMean |= !center && ratio > 0.5;
            fewSamples |= in.warning != null;
            List<Object> row = new ArrayList<>(List.of(in.name, in.filesText(), String.valueOf(est.samples()),
                    SpectralDiagnostics.of(in.shrunk.covariance()).hardness()));
            if (method != Shrinkage.Method.NONE) {
                row.add(SpectralDiagnostics.of(est.covariance()).hardness());
                row.add(in.shrunk.intensity());
            }
            if (bootstrap >= 2) {
                row.add(in.hardnessInterval[1]);
                row.add(in.hardnessInterval[0]);
                row.add(in.hardnessInterval[2]);
            }
            row.add(ratio);
            t.row(row.toArray());
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
        if (fewSamples) {
            stdout.println("note: some tasks have fewer than " + (int) Shrinkage.MIN_SAMPLES_PER_DIMENSION
                    + " samples per dimension, so their hardness is biased upwards (see the warnings on stderr);"
                    + (method == Shrinkage.Method.NONE ? " consider --shrinkage oas." : " shrinkage reduces the bias."));
        }
        stdout.flush();
    }

    private static double norm(double[] v) {
        return Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
    }

    /** {@code p}'s file name without its last extension (the sidecar's name stem). */
    static String stem(Path p) {
        String s = p.getFileName().toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
