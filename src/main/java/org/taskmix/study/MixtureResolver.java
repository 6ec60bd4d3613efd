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
        this.problem = problem;
        this.solver = solver;
        this.missingAsZero = missingAsZero;
    }

    /** A resolver that solves with the automatic solver choice and no prior. */
    public static MixtureResolver of(Problem problem, boolean missingAsZero) {
        return new MixtureResolver(problem, () -> Selection.solve(problem, new SelectionOptions(false, null), null),
                missingAsZero);
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
            return new Mixture(s.label(), solution().result().weights(), "surrogate-objective optimum; solver "
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
            return single(catalog, t);
        }
        MixtureSpec.WeightsFile f = (MixtureSpec.WeightsFile) spec;
        return new Mixture(f.label(), WeightsFile.read(f.path(), catalog, missingAsZero), "weights from " + f.path());
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
                solution().result().weights(), ExactSelection.feasibleSet(problem.catalog()),
                m.isPresent() ? ExactSelection.Settings.FIXED_SAMPLE : ExactSelection.Settings.DEFAULT));
        return new Mixture(e.label(), r.weights(), "minimises J_" + k + " (CoT error after " + k + " steps at m = "
                + e.m() + ") from the surrogate optimum; " + r.status() + ", J_" + k + " "
                + (float) r.atStart().exact() + " -> " + (float) r.atResult().exact());
    }
}
