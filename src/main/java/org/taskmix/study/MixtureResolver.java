package org.taskmix.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.io.WeightsFile;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.selection.SelectionProblem;
import org.taskmix.selection.baseline.BaselineContext;
import org.taskmix.theory.ExactSelection;

/**
 * Turns {@link MixtureSpec}s into weights on one problem (docs/theory.md §12). The surrogate
 * program is solved at most once, and only if a spec needs it ({@code surrogate}, {@code exact});
 * baselines need only the program (for the weight limits); {@code task:NAME} and weights files
 * need neither. Each exact-objective minimisation is kept ({@link #exactResults()}) for reports.
 */
public final class MixtureResolver {

    private final Problem problem;
    private final Supplier<Selection.Solution> solver;
    private final boolean missingAsZero;
    private final java.util.Set<String> dropped;
    private Selection.Solution solution;
    private SelectionProblem program;
    private BaselineContext baselines;
    private final Map<String, ExactSelection.Result> exact = new LinkedHashMap<>();

    /**
     * A resolver for {@code problem}.
     *
     * @param solver        solves the surrogate program when first needed (e.g. with the user's solver options)
     * @param missingAsZero weights files may leave tasks out (weight 0)
     */
    public MixtureResolver(Problem problem, Supplier<Selection.Solution> solver, boolean missingAsZero) {
        this(problem, solver, missingAsZero, java.util.Set.of());
    }

    /**
     * A resolver for {@code problem} whose tasks {@code dropped} were dropped by a {@link TaskFilter}:
     * a weights file may leave them out and must not give them weight.
     */
    public MixtureResolver(Problem problem, Supplier<Selection.Solution> solver, boolean missingAsZero,
                           java.util.Set<String> dropped) {
        this.problem = problem;
        this.solver = solver;
        this.missingAsZero = missingAsZero;
        this.dropped = java.util.Set.copyOf(dropped);
    }

    /** A resolver that solves with the automatic solver choice and no prior. */
    public static MixtureResolver of(Problem problem, boolean missingAsZero) {
        return of(problem, missingAsZero, java.util.Set.of());
    }

    /** As {@link #of(Problem, boolean)}, with the tasks a filter dropped (see the constructor). */
    public static MixtureResolver of(Problem problem, boolean missingAsZero, java.util.Set<String> dropped) {
        return new MixtureResolver(problem, () -> Selection.solve(problem, new SelectionOptions(false, null), null),
                missingAsZero, dropped);
    }

    /** The surrogate solution (solving it now if not yet done). */
    public Selection.Solution solution() {
        if (solution == null) {
            solution = solver.get();
            program = solution.program();
        }
        return solution;
    }

    /** The selection program: from the solution if solved, else built without solving. */
    public SelectionProblem program() {
        if (program == null) {
            program = SelectionProblem.from(problem, new SelectionOptions(false, null));
        }
        return program;
    }

    /** The exact-objective results of the {@code exact:K@M} specs resolved so far, by label. */
    public Map<String, ExactSelection.Result> exactResults() {
        return Map.copyOf(exact);
    }

    /**
     * {@link #resolve}, with a problem of the spec itself (not of a weights file, whose messages
     * name the file) prefixed by {@code option}, e.g. {@code --mixtures: task "x" is not in the catalog}.
     */
    public Mixture resolve(String option, MixtureSpec spec) {
        if (spec instanceof MixtureSpec.WeightsFile) {
            return resolve(spec);
        }
        try {
            return resolve(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** Every spec resolved, in order. */
    public List<Mixture> resolveAll(List<MixtureSpec> specs) {
        List<Mixture> out = new ArrayList<>();
        for (MixtureSpec s : specs) {
            out.add(resolve(s));
        }
        return out;
    }

    /**
     * The mixture {@code spec} names; its name is the spec's label.
     *
     * @throws IllegalArgumentException if the spec does not apply to this problem (unknown task, a
     *         baseline that needs what the problem lacks, a bad weights file)
     */
    public Mixture resolve(MixtureSpec spec) {
        Catalog catalog = problem.catalog();
        if (spec instanceof MixtureSpec.Surrogate s) {
            return new Mixture(s.label(), solution().result().weights().toArray(), "surrogate-objective optimum; solver "
                    + solution().result().solver() + ", status " + solution().result().status());
        }
        if (spec instanceof MixtureSpec.Exact e) {
            return exact(e.k().isPresent() ? e : e.withK(problem.settings().kMax()));
        }
        if (spec instanceof MixtureSpec.Baseline b) {
            org.taskmix.selection.baseline.Baseline rule = Baselines.named(b.name()).orElseThrow();
            return rule.mixture(baselineContext()).orElseThrow(() -> new IllegalArgumentException("mixture \""
                    + b.name() + "\" does not apply to this problem (" + rule.description() + ")"));
        }
        if (spec instanceof MixtureSpec.SingleTask t) {
            if (dropped.contains(t.task())) {
                throw new IllegalArgumentException("task \"" + t.task() + "\" is dropped (--drop/--only/--drop-group)");
            }
            return single(catalog, t);
        }
        return weightsFile((MixtureSpec.WeightsFile) spec);
    }

    /** Every baseline that applies, in {@link Baselines#ALL} order. */
    public List<Mixture> allBaselines() {
        return Baselines.of(problem, program());
    }

    private BaselineContext baselineContext() {
        if (baselines == null) {
            baselines = new BaselineContext(problem, program());
        }
        return baselines;
    }

    private Mixture weightsFile(MixtureSpec.WeightsFile f) {
        Catalog catalog = problem.catalog();
        double[] w = WeightsFile.read(f.path(), catalog, i -> missingAsZero || dropped.contains(catalog.task(i).name()));
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0 && dropped.contains(catalog.task(i).name())) {
                throw new IllegalArgumentException(f.path() + ": weights." + catalog.task(i).name() + ": value " + w[i]
                        + ": the task is dropped (--drop/--only/--drop-group), so its weight must be 0");
            }
        }
        return new Mixture(f.label(), w, "weights from " + f.path());
    }

    private static Mixture single(Catalog catalog, MixtureSpec.SingleTask t) {
        int i = catalog.indexOf(t.task());
        if (i < 0) {
            throw new IllegalArgumentException("task \"" + t.task() + "\" is not in the catalog (tasks: " + String.join(", ", catalog.names()) + ")");
        }
        double[] w = new double[catalog.size()];
        w[i] = 1;
        return new Mixture(t.label(), w, "task " + t.task() + " alone");
    }

    /**
     * {@code J_K} minimised from the surrogate optimum (docs/theory.md §6, §7.3): at m = ∞ with
     * the default settings, at finite m on a fixed sample (what the demo has always used).
     */
    private Mixture exact(MixtureSpec.Exact e) {
        int k = e.k().getAsInt();
        OptionalInt m = e.m().asInt("exact:K@M");
        ExactSelection.Result r = exact.computeIfAbsent(e.label(), x -> ExactSelection.solve(problem, k, m,
                solution().result().weights().toArray(), ExactSelection.feasibleSet(problem.catalog()),
                m.isPresent() ? ExactSelection.Settings.FIXED_SAMPLE : ExactSelection.Settings.DEFAULT));
        return new Mixture(e.label(), r.weights().toArray(), "minimises J_" + k + " (CoT error after " + k + " steps at m = "
                + e.m() + ") from the surrogate optimum; " + r.status() + ", J_" + k + " "
                + (float) r.atStart().exact() + " -> " + (float) r.atResult().exact());
    }
}
