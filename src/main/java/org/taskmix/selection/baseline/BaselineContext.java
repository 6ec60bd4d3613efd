package org.taskmix.selection.baseline;

import java.util.Optional;
import java.util.function.IntToDoubleFunction;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.SelectionProblem;

/**
 * What a {@link Baseline} may look at: the problem, its selection program (for the objective and
 * the weight limits) and the per-task diagnostics (computed once, on first use), with the
 * helpers that keep every baseline feasible.
 *
 * <p><b>Constraints (our choice, docs/theory.md §12):</b> a baseline that breaks the weight
 * limits is replaced by its Euclidean projection onto the feasible set, and its note says so and
 * by how much it moved, so every baseline is a mixture a curator could use and none can beat the
 * optimum.
 */
public final class BaselineContext {

    /** Weights that move by less than this under projection count as already feasible (rounding). */
    static final double FEASIBLE = 1e-12;

    private final Problem problem;
    private final SelectionProblem program;
    private ProblemDiagnostics diagnostics;

    /** A context for {@code problem}, whose reduced program is {@code program}. */
    public BaselineContext(Problem problem, SelectionProblem program) {
        this.problem = problem;
        this.program = program;
    }

    /** The problem. */
    public Problem problem() {
        return problem;
    }

    /** The selection program: objective and weight limits. */
    public SelectionProblem program() {
        return program;
    }

    /** Number of tasks. */
    public int size() {
        return problem.catalog().size();
    }

    /** Per-task diagnostics (hardness, relevance), computed on first use. */
    public ProblemDiagnostics diagnostics() {
        if (diagnostics == null) {
            diagnostics = ProblemDiagnostics.of(problem);
        }
        return diagnostics;
    }

    /**
     * Hardness of task {@code i} for weighting: {@code tr/λ_min}, on the support if singular (a
     * zero matrix gets 0), since an infinite hardness would take all the weight.
     */
    public double finiteHardness(int i) {
        SpectralDiagnostics s = diagnostics().tasks().get(i).spectral();
        double h = s.singular() ? s.hardnessOnSupport() : s.hardness();
        return Double.isFinite(h) ? h : 0;
    }

    /** Relevance of task {@code i} to the target(s), clipped at 0. */
    public double relevance(int i) {
        return Math.max(0, diagnostics().tasks().get(i).relevance());
    }

    /**
     * Weights proportional to {@code value(i)} per task {@code i} (made feasible), or empty if
     * the values sum to 0 or overflow: the rule of every "proportional to a task score" baseline.
     */
    public Optional<Mixture> proportional(String name, IntToDoubleFunction value, String note) {
        double[] v = new double[size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value.applyAsDouble(i);
        }
        return proportional(name, v, note);
    }

    /** Weights proportional to {@code v} (made feasible), or empty if {@code v} sums to 0 or overflows. */
    public Optional<Mixture> proportional(String name, double[] v, String note) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            return Optional.empty();
        }
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i] / s;
        }
        return Optional.of(feasible(name, w, note));
    }

    /** All weight on task {@code i} (made feasible). */
    public Mixture single(String name, int i, String note) {
        double[] w = new double[size()];
        w[i] = 1;
        return feasible(name, w, note);
    }

    /** {@code w}, or its projection onto the feasible set with a note saying so. */
    public Mixture feasible(String name, double[] w, String note) {
        double[] p = new double[w.length];
        program.bounds().project(w, p);
        double moved = 0;
        for (int i = 0; i < w.length; i++) {
            moved = Math.max(moved, Math.abs(p[i] - w[i]));
        }
        if (moved <= FEASIBLE) {
            return new Mixture(name, w, note);
        }
        return new Mixture(name, p, note + "; projected onto the weight limits (largest change " + moved + ")");
    }
}
