package org.taskmix.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.Wishart;
import org.taskmix.catalog.Workers;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * How stable a selection is under the sampling noise of an estimated catalog: a parametric
 * bootstrap (docs/theory.md, section 8). Each replicate redraws every task's covariance as the
 * second moment of {@code N_ℓ} Gaussian rows from the estimate ({@link Wishart}), applies the
 * same shrinkage the estimate had, and solves again; the target is kept fixed. Reported per task:
 * how often it is selected (weight above {@link #SELECTED}), weight quantiles (percentile
 * bootstrap: how the decision would move), and the bias-corrected hardness with its basic-bootstrap
 * interval ({@link Shrinkage#basicInterval}).
 *
 * <p>Determinism: replicate {@code r} draws from its own generator, split in order from
 * {@code new SplittableRandom(seed)} before any work starts, and results are stored by index, so
 * the outcome is bit-identical for any thread count.
 */
public final class WeightStability {

    /**
     * A task counts as selected when its weight exceeds this. Active-set solutions put unselected
     * tasks exactly at 0; first-order solvers leave residues around their tolerance (1e-8 ..
     * 1e-6), so 1e-4, far above those and far below any weight a curator acts on, separates them.
     */
    public static final double SELECTED = 1e-4;

    /** Lower and upper quantile levels reported: a central 90% interval. */
    public static final double LOW = 0.05;
    /** Upper quantile level. */
    public static final double HIGH = 0.95;

    /**
     * Per-task result.
     *
     * @param name             task name
     * @param samples          rows assumed for the task ({@code N_ℓ})
     * @param selectedFraction fraction of replicates with weight above {@link #SELECTED}
     * @param weightLow        5% quantile of the weight
     * @param weightMedian     median weight
     * @param weightHigh       95% quantile
     * @param hardnessLow      low end of the 90% basic-bootstrap interval of the hardness
     * @param hardnessMedian   bias-corrected hardness {@code 2h − median(h*)}
     * @param hardnessHigh     high end
     */
    public record TaskStability(String name, double samples, double selectedFraction, double weightLow,
                                double weightMedian, double weightHigh, double hardnessLow, double hardnessMedian,
                                double hardnessHigh) {
    }

    /**
     * The bootstrap outcome.
     *
     * @param replicates    replicates solved
     * @param seed          seed of the replicate streams
     * @param shrinkage     shrinkage re-applied to each replicate
     * @param tasks         per task, catalog order
     * @param notOptimal    replicates whose solver stopped before its tolerance (still counted)
     */
    public record Result(int replicates, long seed, Shrinkage.Method shrinkage, List<TaskStability> tasks,
                         int notOptimal) {
        public Result {
            tasks = List.copyOf(tasks);
        }
    }

    private WeightStability() {
    }

    /**
     * Runs {@code replicates} bootstrap replicates.
     *
     * @param samples   rows per task ({@code N_ℓ}), catalog order
     * @param shrinkage re-applied to each redrawn covariance
     * @param threads   worker threads (the result does not depend on it)
     */
    public static Result run(Problem problem, SelectionOptions options, SolverSettings settings, double[] samples,
                             Shrinkage.Method shrinkage, int replicates, long seed, int threads) {
        Catalog catalog = problem.catalog();
        int t = catalog.size();
        if (samples.length != t) {
            throw new IllegalArgumentException(samples.length + " sample counts for " + t + " tasks");
        }
        if (replicates < 2) {
            throw new IllegalArgumentException("replicates " + replicates + " must be >= 2");
        }
        List<Wishart> samplers = new ArrayList<>();
        for (Task task : catalog.tasks()) {
            samplers.add(new Wishart(task.covariance()));
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] streams = new SplittableRandom[replicates];
        for (int r = 0; r < replicates; r++) {
            streams[r] = root.split();
        }
        double[][] weights = new double[replicates][];
        double[][] hardness = new double[replicates][t];
        boolean[] optimal = new boolean[replicates];
        inParallel(replicates, threads, rr -> {
            List<Task> redrawn = new ArrayList<>(t);
            for (int i = 0; i < t; i++) {
                Task task = catalog.task(i);
                double n = samples[i];
                SymmetricMatrix s = samplers.get(i).sampleMoment(n, streams[rr]);
                s = Shrinkage.apply(s, n, shrinkage).covariance();
                hardness[rr][i] = SpectralDiagnostics.of(s).hardness();
                redrawn.add(new Task(task.name(), task.group(), task.size(), task.promptLength(), s, task.limits()));
            }
            Problem p = new Problem(problem.name(), problem.description(), new Catalog(redrawn),
                    problem.targets(), problem.settings(), problem.source());
            Selection.Solution sol = Selection.solve(p, options, settings);
            weights[rr] = sol.result().weights().toArray();
            optimal[rr] = sol.result().status().isOptimal();
        });
        List<TaskStability> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            out.add(stability(problem, i, samples[i], weights, hardness));
        }
        int notOptimal = 0;
        for (boolean o : optimal) {
            notOptimal += o ? 0 : 1;
        }
        return new Result(replicates, seed, shrinkage, out, notOptimal);
    }

    /**
     * Runs {@code replicate} for 0 … replicates − 1 on daemon worker threads and waits for all; a
     * replicate's unchecked exception or error is rethrown as it is. Each replicate writes only its
     * own slots, so the result does not depend on the thread count.
     */
    private static void inParallel(int replicates, int threads, IntConsumer replicate) {
        ExecutorService pool = Workers.daemonPool(Math.max(1, Math.min(threads, replicates)), "taskmix-bootstrap");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < replicates; r++) {
                int rr = r;
                futures.add(pool.submit(() -> replicate.accept(rr)));
            }
            for (Future<?> f : futures) {
                Workers.await(f, "interrupted during the bootstrap");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Task {@code i}'s selection frequency and weight and hardness quantiles over the replicates. */
    private static TaskStability stability(Problem problem, int i, double samples, double[][] weights,
                                           double[][] hardness) {
        int replicates = weights.length;
        double[] w = new double[replicates];
        double[] h = new double[replicates];
        int selected = 0;
        for (int r = 0; r < replicates; r++) {
            w[r] = weights[r][i];
            h[r] = hardness[r][i];
            selected += w[r] > SELECTED ? 1 : 0;
        }
        Arrays.sort(w);
        Arrays.sort(h);
        Task task = problem.catalog().task(i);
        double[] hi = Shrinkage.basicInterval(SpectralDiagnostics.of(task.covariance()).hardness(),
                quantile(h, LOW), quantile(h, 0.5), quantile(h, HIGH), problem.dim());
        return new TaskStability(task.name(), samples, (double) selected / replicates,
                quantile(w, LOW), quantile(w, 0.5), quantile(w, HIGH), hi[0], hi[1], hi[2]);
    }

    /** Linear-interpolation quantile of sorted values (NumPy's default); infinities propagate. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double f = pos - lo;
        if (f == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }
}
