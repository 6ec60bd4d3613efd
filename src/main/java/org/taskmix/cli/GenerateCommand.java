package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Generators;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.ProblemDiagnostics.TaskDiagnostics;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.SpecifiedProblem;
import org.taskmix.io.InputException;
import org.taskmix.io.ProblemWriter;
import org.taskmix.report.TextTable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate KIND … --out FILE}: writes a synthetic problem file. Covariances are stored as
 * a spectrum plus the seed of a Haar-random basis (a few numbers per task, rebuilt bit for bit by
 * the reader) unless {@code --matrices} asks for full matrices.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic problem file (seeded; same seed, same file).",
                "Kinds: paper-task-selection (the paper's Easy/Hard x Short/Long task types),"
                        + " power-law (T tasks with lambda_i = i^-alpha, alpha evenly spaced)."},
        subcommands = {GenerateCommand.PaperTaskSelection.class, GenerateCommand.PowerLaw.class,
                GenerateCommand.Samples.class})
public final class GenerateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "generate needs a kind: paper-task-selection, power-law or samples");
    }

    /** Options every generator shares: output, settings, storage form, and the common output options. */
    static final class Common {

        @Mixin
        CommonOptions output;

        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Problem file to write (atomically).")
        Path out;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
                description = "Master seed; each task's basis seed is derived from it (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        SettingsOptions settings;

        @Option(names = "--matrices",
                description = "Write every covariance as a full d x d matrix instead of spectrum + basis seed.")
        boolean matrices;

        /**
         * Generates with {@code generator} (a refused option combination is an input error prefixed with
         * {@code kind}), writes the problem file and prints the summary.
         */
        int finish(String kind, java.util.function.Supplier<SpecifiedProblem> generator) {
            SpecifiedProblem generated;
            try {
                generated = generator.get();
            } catch (IllegalArgumentException e) {
                throw e instanceof InputException ? e : new InputException(kind + ": " + e.getMessage());
            }
            org.taskmix.catalog.Problem gp = generated.problem();
            boolean compact = matrices
                    && (long) gp.catalog().size() * gp.dim() * gp.dim() > org.taskmix.io.CovarianceSidecar.AUTO_THRESHOLD_ENTRIES;
            if (compact) {
                // Full matrices above 10^6 entries go to a binary sidecar, as estimate does.
                ProblemWriter.writeCompact(out, gp, out.resolveSibling(EstimateCommand.stem(out) + ".covariances.npy"));
            } else {
                SpecifiedProblem toWrite = matrices ? SpecifiedProblem.ofMatrices(gp) : generated;
                ProblemWriter.write(out, toWrite);
            }
            PrintWriter stdout = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> doc = Output.fields("out", out.toString(), "problem", generated.problem().name(),
                        "dimension", generated.problem().dim(), "tasks", generated.problem().catalog().size(),
                        "seed", seed);
                org.taskmix.io.Provenance.noteSeed("catalog", seed);
                doc.put("form", compact ? "sidecar" : matrices ? "matrices" : "specs");
                Output.json(stdout, "generate", doc);
                return 0;
            }
            ProblemDiagnostics diag = ProblemDiagnostics.of(generated.problem()); // table only: --json skips it
            stdout.println("wrote " + out + ": " + generated.problem().catalog().size() + " tasks, d = "
                    + generated.problem().dim() + ", seed " + seed);
            TextTable t = new TextTable("task", "group", "hardness", "eff.rank", "relevance");
            for (TaskDiagnostics d : diag.tasks()) {
                t.row(d.name(), d.group() == null ? "-" : d.group(), d.spectral().hardness(), d.spectral().effectiveRank(),
                        d.relevance());
            }
            stdout.print(t);
            stdout.println("target " + generated.problem().target().name() + ": hardness "
                    + TextTable.num(diag.targets().get(0).spectral().hardness()));
            stdout.flush();
            return 0;
        }

        Settings settings(int defaultN, int defaultM) {
            return settings.settings(defaultN, defaultM);
        }
    }

    /** {@code generate paper-task-selection}. */
    @Command(name = "paper-task-selection", mixinStandardHelpOptions = true,
            description = {"The paper's task-selection set-up (docs/theory.md §11): tasks of four types, Easy/Hard (spectral"
                    + " decay alpha 0.2/0.8) x Short/Long (B active skills), and a hard downstream target.",
                    "Our reading of B (written into the file's description): B = number of active skills,"
                            + " lambda_i = i^-alpha on B Haar-random orthonormal directions, --floor on the other d - B."
                            + " The paper's B = 20/100 needs d >= 100; below that B is scaled by d/100.",
                    "Tasks have no own prompt length unless --short-n/--long-n are given."})
    static final class PaperTaskSelection implements Callable<Integer> {

        @Option(names = "--dimension", paramLabel = "D", defaultValue = "50",
                description = "Feature dimension d (default: ${DEFAULT-VALUE}; >= 100 uses the paper's B unscaled).")
        int dimension;

        @Option(names = "--tasks-per-type", paramLabel = "T", defaultValue = "5",
                description = "Tasks of each of the four types (default: ${DEFAULT-VALUE}).")
        int tasksPerType;

        @Option(names = "--floor", paramLabel = "F", defaultValue = "0.01",
                description = "Strength of the inactive directions, relative to lambda_1 = 1 (default: ${DEFAULT-VALUE}).")
        double floor;

        @Option(names = "--short-skills", paramLabel = "B",
                description = "Active skills of a short task (default: 20, times d/100 if d < 100).")
        Integer shortSkills;

        @Option(names = "--long-skills", paramLabel = "B",
                description = "Active skills of a long task (default: 100, times d/100 if d < 100).")
        Integer longSkills;

        @Option(names = "--short-n", paramLabel = "N",
                description = "Own training prompt length n_l of short tasks (default: none, use settings.n).")
        Integer shortN;

        @Option(names = "--long-n", paramLabel = "N",
                description = "Own training prompt length n_l of long tasks (default: none, use settings.n).")
        Integer longN;

        @Option(names = "--target-alpha", paramLabel = "A", defaultValue = "0.8",
                description = "Target: lambda_i = i^-A on all d directions of a random basis (default: ${DEFAULT-VALUE}, hard).")
        double targetAlpha;

        @Mixin
        Common common;

        @Override
        public Integer call() {
            if ((shortN == null) != (longN == null)) {
                throw new InputException("--short-n and --long-n go together: give both or neither");
            }
            positive("--dimension", dimension);
            positive("--tasks-per-type", tasksPerType);
            int shortB = shortSkills != null ? shortSkills
                    : Generators.PaperTaskSelection.paperSkills(Generators.PAPER_SHORT_SKILLS, dimension);
            int longB = longSkills != null ? longSkills
                    : Generators.PaperTaskSelection.paperSkills(Generators.PAPER_LONG_SKILLS, dimension);
            Settings settings = common.settings(dimension, 2 * dimension);
            return common.finish("paper-task-selection", () -> Generators.paperTaskSelection(
                    new Generators.PaperTaskSelection(dimension, tasksPerType, common.seed, floor, shortB, longB,
                            shortN, longN, targetAlpha, settings)));
        }
    }

    /** {@code generate power-law}. */
    @Command(name = "power-law", mixinStandardHelpOptions = true,
            description = {"T tasks in R^d, task j with lambda_i = i^-alpha_j, alpha_j evenly spaced in"
                    + " [--alpha-min, --alpha-max], each on its own Haar-random basis (optionally only --rank"
                    + " directions active, --floor elsewhere).",
                    "Target: Sigma = I (default) or --target-alpha A (i^-A on a random basis)."})
    static final class PowerLaw implements Callable<Integer> {

        @Option(names = "--tasks", required = true, paramLabel = "T", description = "Number of tasks.")
        int tasks;

        @Option(names = "--dimension", required = true, paramLabel = "D", description = "Feature dimension d.")
        int dimension;

        @Option(names = "--alpha-min", paramLabel = "A", defaultValue = "0.2",
                description = "Smallest decay (default: ${DEFAULT-VALUE}).")
        double alphaMin;

        @Option(names = "--alpha-max", paramLabel = "A", defaultValue = "0.8",
                description = "Largest decay (default: ${DEFAULT-VALUE}).")
        double alphaMax;

        @Option(names = "--rank", paramLabel = "R", description = "Active directions per task (default: d, full rank).")
        Integer rank;

        @Option(names = "--floor", paramLabel = "F", defaultValue = "0.01",
                description = "Strength of inactive directions when --rank < d (default: ${DEFAULT-VALUE}).")
        double floor;

        @ArgGroup(exclusive = true)
        TargetChoice target;

        static final class TargetChoice {
            @Option(names = "--target-alpha", paramLabel = "A",
                    description = "Target lambda_i = i^-A on all d directions of its own random basis.")
            Double alpha;

            @Option(names = "--target-identity", description = "Target Sigma = I (the default).")
            boolean identity;
        }

        @Mixin
        Common common;

        @Override
        public Integer call() {
            positive("--tasks", tasks);
            positive("--dimension", dimension);
            int r = rank != null ? rank : dimension;
            Double targetAlpha = target != null && !target.identity ? target.alpha : null;
            Settings settings = common.settings(Settings.DEFAULT.n(), Settings.DEFAULT.m());
            return common.finish("power-law", () -> Generators.powerLawCatalog(
                    new Generators.PowerLawCatalog(tasks, dimension, alphaMin, alphaMax, common.seed, r, floor,
                            targetAlpha, settings)));
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new InputException(option + ": value " + value + " must be >= 1");
        }
    }

    /**
     * {@code generate samples PROBLEM --task NAME --count N --out FILE.npy}: seeded Gaussian
     * samples from one task's (or the target's) covariance, as a synthetic embedding file for
     * {@code estimate}. Written to a temporary file and renamed, so a failed run leaves nothing.
     */
    @Command(name = "samples", mixinStandardHelpOptions = true,
            description = "Write N seeded samples x ~ N(0, Lambda) of one task (or of the target) of a problem as an"
                    + " NPY file (float32 by default): synthetic per-task embeddings for 'estimate'.")
    static final class Samples implements Callable<Integer> {

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "PROBLEM", description = "Problem file.")
        Path problemFile;

        @Option(names = "--task", paramLabel = "NAME", description = "Task to sample (default: the target).")
        String task;

        @Option(names = "--count", required = true, paramLabel = "N", description = "Number of samples (rows).")
        long count;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--float64", description = "Write float64 instead of float32.")
        boolean float64;

        @Option(names = "--float16", description = "Write float16 (half) instead of float32.")
        boolean float16;

        @Option(names = "--label", paramLabel = "TEXT",
                description = "Parquet only: the value of the 'task' column (default: the task's name, or 'target').")
        String label;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "File to write: .npy, or .parquet (columns 'task' and 'embedding', a list of numbers).")
        Path out;

        @Mixin
        CommonOptions output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            if (count < 1) {
                throw new InputException("--count: value " + count + " must be >= 1");
            }
            org.taskmix.catalog.Problem problem = org.taskmix.io.ProblemReader.read(problemFile);
            org.taskmix.linalg.SymmetricMatrix cov = covariance(problem);
            org.taskmix.catalog.GaussianSamples g = new org.taskmix.catalog.GaussianSamples(cov, seed);
            if (float16 && float64) {
                throw new InputException("--float16 and --float64: choose one");
            }
            boolean parquet = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
            org.taskmix.io.ResourceLimits.checkDisk("--count", out,
                    128 + count * g.dim() * (float64 ? 8L : float16 ? 2L : 4L));
            // Written straight into the temporary AtomicFiles hands out (one copy on disk, named so
            // a later run removes it if this one is killed), then renamed into place.
            org.taskmix.io.AtomicFiles.writeFile(out, tmp -> writeSamples(tmp, g, parquet));
            PrintWriter stdout = spec.commandLine().getOut();
            String dtype = float64 ? "float64" : float16 ? "float16" : "float32";
            if (output.json()) {
                Map<String, Object> doc = Output.fields("file", out.toString(), "rows", count, "cols", g.dim(),
                        "dtype", dtype);
                if (task == null) {
                    doc.put("target", problem.target().name());
                } else {
                    doc.put("task", task);
                }
                doc.put("seed", seed);
                org.taskmix.io.Provenance.noteSeed("samples", seed);
                Output.json(stdout, "generate", doc);
                return 0;
            }
            stdout.println("wrote " + count + " x " + g.dim() + " " + dtype
                    + " samples of " + (task == null ? "the target" : "task " + task) + " to " + out);
            stdout.flush();
            return 0;
        }

        /** The target's covariance, or --task's. */
        private org.taskmix.linalg.SymmetricMatrix covariance(org.taskmix.catalog.Problem problem) {
            if (task == null) {
                return problem.target().covariance();
            }
            int i = problem.catalog().indexOf(task);
            if (i < 0) {
                throw new InputException("--task: task \"" + task + "\" is not in " + problemFile + " (tasks: "
                        + String.join(", ", problem.catalog().names()) + ")");
            }
            return problem.catalog().task(i).covariance();
        }

        /** The {@code count} rows, as Parquet, half-precision NPY, or float32/float64 NPY. */
        private void writeSamples(Path tmp, org.taskmix.catalog.GaussianSamples g, boolean parquet)
                throws java.io.IOException {
            double[] x = new double[g.dim()];
            float[] xf = new float[g.dim()];
            if (parquet) {
                org.taskmix.io.ParquetSampleWriter.Precision prec = float16
                        ? org.taskmix.io.ParquetSampleWriter.Precision.HALF : float64
                        ? org.taskmix.io.ParquetSampleWriter.Precision.DOUBLE
                        : org.taskmix.io.ParquetSampleWriter.Precision.FLOAT;
                String text = label != null ? label : task != null ? task : "target";
                try (org.taskmix.io.ParquetSampleWriter w = org.taskmix.io.ParquetSampleWriter.create(tmp, g.dim(), prec)) {
                    for (long r = 0; r < count; r++) {
                        g.next(x);
                        w.row(text, x);
                    }
                }
            } else if (float16) {
                try (org.taskmix.io.NpyWriter w = org.taskmix.io.NpyWriter.createHalf(tmp, count, g.dim())) {
                    for (long r = 0; r < count; r++) {
                        g.next(x);
                        w.row(x);
                    }
                }
            } else {
                try (org.taskmix.io.NpyWriter w = org.taskmix.io.NpyWriter.create(tmp, count, g.dim(), !float64)) {
                    for (long r = 0; r < count; r++) {
                        g.next(x);
                        if (float64) {
                            w.row(x);
                        } else {
                            for (int j = 0; j < x.length; j++) {
                                xf[j] = (float) x[j];
                            }
                            w.row(xf);
                        }
                    }
                }
            }
        }
    }
}
