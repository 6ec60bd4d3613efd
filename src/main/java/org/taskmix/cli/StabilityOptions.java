package org.taskmix.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.Task;
import org.taskmix.io.InputException;
import org.taskmix.report.TextTable;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.selection.SolverSettings;
import org.taskmix.selection.WeightStability;
import picocli.CommandLine.Option;

/**
 * {@code solve --bootstrap B}: weight-stability intervals by a parametric bootstrap of the
 * catalog ({@link WeightStability}; docs/theory.md section 8), printed as a table and added to
 * {@code solve --json} as {@code "stability"}.
 */
public final class StabilityOptions {

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "0",
            description = "Weight stability: re-solve B parametric-bootstrap replicates of the catalog (each task's"
                    + " covariance redrawn from N samples) and report how often each task is selected and 5%%/50%%/95%%"
                    + " quantiles of its weight and hardness (default 0: off).")
    int replicates;

    @Option(names = "--bootstrap-samples", paramLabel = "N",
            description = "Samples per task for --bootstrap (default: each task's size, which estimate sets to its"
                    + " sample count).")
    Double samples;

    @Option(names = "--bootstrap-shrinkage", paramLabel = "none|oas", defaultValue = "none",
            converter = Converters.ShrinkageMethod.class,
            description = "Shrinkage re-applied to each replicate; match the one estimate used (default: none).")
    Shrinkage.Method method;

    @Option(names = "--bootstrap-seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}; the result does not depend on threads).")
    long seed;

    /** True if a bootstrap was asked for. */
    boolean requested() {
        return replicates != 0 || samples != null;
    }

    /** Runs the bootstrap if asked for, else returns null. */
    WeightStability.Result run(Selection.Solution s, SelectionOptions options, SolverSettings settings,
                               CommonOptions common, PrintWriter err) {
        if (!requested()) {
            return null;
        }
        if (replicates < 2) {
            throw new InputException("--bootstrap: value " + replicates + " must be >= 2 (replicates)");
        }
        Problem p = s.problem();
        double[] n = new double[p.catalog().size()];
        for (int i = 0; i < n.length; i++) {
            Task t = p.catalog().task(i);
            if (samples != null) {
                if (!(samples >= 1) || samples.isInfinite()) {
                    throw new InputException("--bootstrap-samples: value " + samples + " must be finite and >= 1");
                }
                n[i] = samples;
            } else if (t.size() == null || t.size() < 1) {
                throw new InputException("--bootstrap: task \"" + t.name() + "\" has no size >= 1 to use as its sample"
                        + " count; give --bootstrap-samples N");
            } else {
                n[i] = t.size();
            }
        }
        long t0 = System.nanoTime();
        if (common.progress()) {
            err.println("taskmix: bootstrap: solving " + replicates + " replicates ...");
            err.flush();
        }
        WeightStability.Result r = WeightStability.run(p, options, settings, n, method, replicates, seed,
                Runtime.getRuntime().availableProcessors());
        if (common.progress()) {
            err.printf(Locale.ROOT, "taskmix: bootstrap: %d replicates in %.1f s%n", replicates,
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return r;
    }

    /** The {@code "stability"} block of {@code solve --json}. */
    static Map<String, Object> json(WeightStability.Result r) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (WeightStability.TaskStability t : r.tasks()) {
            tasks.add(Output.fields("name", t.name(), "samples", t.samples(), "selectedFraction", t.selectedFraction(),
                    "weightLow", t.weightLow(), "weightMedian", t.weightMedian(), "weightHigh", t.weightHigh(),
                    "hardnessBiasCorrected", t.hardnessMedian(), "hardnessLow", t.hardnessLow(),
                    "hardnessHigh", t.hardnessHigh()));
        }
        return Output.fields("method", "parametric bootstrap (Wishart redraw of each task covariance; target fixed)",
                "replicates", r.replicates(), "seed", r.seed(), "shrinkage", r.shrinkage().label(),
                "selectedAbove", WeightStability.SELECTED,
                "weightQuantiles", List.of(WeightStability.LOW, 0.5, WeightStability.HIGH),
                "hardnessInterval", "basic bootstrap, 90%, around the bias-corrected hardness",
                "notOptimal", r.notOptimal(), "tasks", tasks);
    }

    /** The human table. */
    static String human(WeightStability.Result r) {
        TextTable t = new TextTable("task", "selected", "weight 5%", "weight 50%", "weight 95%",
                "hardness (bias-corr.)", "90% low", "90% high");
        for (WeightStability.TaskStability s : r.tasks()) {
            t.row(s.name(), String.format(Locale.ROOT, "%.0f%%", 100 * s.selectedFraction()), s.weightLow(),
                    s.weightMedian(), s.weightHigh(), s.hardnessMedian(), s.hardnessLow(), s.hardnessHigh());
        }
        return "\nweight stability: " + r.replicates() + " bootstrap replicates (each task's covariance redrawn from"
                + " its N samples, shrinkage " + r.shrinkage().label() + ", target fixed, seed " + r.seed() + ")\n" + t
                + (r.notOptimal() > 0 ? r.notOptimal() + " replicate(s) stopped before the solver's tolerance\n" : "");
    }
}
