package org.taskmix.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Task;

/**
 * Baseline mixtures, to be scored on the same objective as the optimum:
 * <ul>
 *   <li>{@code uniform} — {@code 1/T} each;</li>
 *   <li>{@code size} — proportional to task size (only if every task has a size);</li>
 *   <li>{@code hardness} — proportional to hardness {@code tr/λ_min}; a singular task uses its
 *       hardness on its support (a zero matrix gets 0), since its infinite hardness would take
 *       all the weight;</li>
 *   <li>{@code relevance} — proportional to relevance to the targets (target-weighted mean);</li>
 *   <li>{@code best-single} — the single task with the lowest objective;</li>
 *   <li>{@code easy-only} / {@code hard-only} — uniform over tasks whose group name contains
 *       "easy" / "hard" (case-insensitive), when such groups exist.</li>
 * </ul>
 * <b>Constraints (our choice):</b> a baseline that breaks the weight limits is replaced by its
 * Euclidean projection onto the feasible set, and its note says so and by how much it moved; for
 * {@code best-single} every single-task vertex is projected before choosing. So every baseline
 * is a mixture the curator could actually use, and none can beat the optimum.
 */
public final class Baselines {

    /** Weights that move by less than this under projection count as already feasible (rounding). */
    static final double FEASIBLE = 1e-12;

    private Baselines() {
    }

    /** Every applicable baseline for {@code problem} (whose program is {@code sp}). */
    public static List<Mixture> of(Problem problem, SelectionProblem sp) {
        Catalog catalog = problem.catalog();
        int t = catalog.size();
        List<Mixture> out = new ArrayList<>();
        double[] uniform = new double[t];
        Arrays.fill(uniform, 1.0 / t);
        out.add(feasible(sp, "uniform", uniform, "1/T each"));
        boolean sized = catalog.tasks().stream().allMatch(x -> x.size() != null);
        if (sized) {
            try {
                out.add(feasible(sp, "size", Prior.sizes(catalog, "size"), "proportional to task size"));
            } catch (IllegalArgumentException e) {
                // All sizes zero: no size baseline.
            }
        }
        ProblemDiagnostics diag = ProblemDiagnostics.of(problem);
        double[] hard = new double[t];
        double[] rel = new double[t];
        for (int i = 0; i < t; i++) {
            SpectralDiagnostics s = diag.tasks().get(i).spectral();
            double h = s.singular() ? s.hardnessOnSupport() : s.hardness();
            hard[i] = Double.isFinite(h) ? h : 0;
            rel[i] = Math.max(0, diag.tasks().get(i).relevance());
        }
        addProportional(out, sp, "hardness", hard, "proportional to hardness tr/lambda_min (on the support if singular)");
        addProportional(out, sp, "relevance", rel, "proportional to relevance to the target(s)");
        out.add(bestSingle(sp));
        addGroup(out, sp, catalog, "easy");
        addGroup(out, sp, catalog, "hard");
        return out;
    }

    private static void addProportional(List<Mixture> out, SelectionProblem sp, String name, double[] v, String note) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            return;
        }
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i] / s;
        }
        out.add(feasible(sp, name, w, note));
    }

    private static void addGroup(List<Mixture> out, SelectionProblem sp, Catalog catalog, String word) {
        int t = catalog.size();
        double[] w = new double[t];
        int n = 0;
        for (int i = 0; i < t; i++) {
            Task task = catalog.task(i);
            if (task.group() != null && task.group().toLowerCase(Locale.ROOT).contains(word)) {
                w[i] = 1;
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        for (int i = 0; i < t; i++) {
            w[i] /= n;
        }
        out.add(feasible(sp, word + "-only", w, "uniform over the " + n + " tasks whose group contains \"" + word + "\""));
    }

    private static Mixture bestSingle(SelectionProblem sp) {
        int t = sp.size();
        int m = sp.rows();
        double[] a = sp.matrixUnsafe();
        double[] b = sp.targetUnsafe();
        boolean plain = true;
        for (int i = 0; i < t; i++) {
            plain &= sp.bounds().lower(i) == 0 && sp.bounds().upper(i) == 1;
        }
        int best = -1;
        double bestV = Double.POSITIVE_INFINITY;
        double[] bestW = null;
        for (int l = 0; l < t; l++) {
            double[] w;
            double v;
            if (plain && sp.prior() == null && !sp.isRobust()) {
                // ‖a_ℓ − b‖² directly: T·rows work, no residual per vertex.
                double s = 0;
                for (int i = 0; i < m; i++) {
                    double e = a[l * m + i] - b[i];
                    s += e * e;
                }
                v = s;
                w = null;
            } else {
                w = new double[t];
                w[l] = 1;
                sp.bounds().project(w, w);
                v = sp.objective(w);
            }
            if (v < bestV) {
                bestV = v;
                best = l;
                bestW = w;
            }
        }
        if (bestW == null) {
            bestW = new double[t];
            bestW[best] = 1;
        }
        String note = "task " + sp.names().get(best) + " alone";
        if (!plain) {
            note += " (each single-task mixture projected onto the weight limits before choosing)";
        }
        return new Mixture("best-single", bestW, note);
    }

    /** {@code w}, or its projection onto the feasible set with a note saying so. */
    static Mixture feasible(SelectionProblem sp, String name, double[] w, String note) {
        double[] p = new double[w.length];
        sp.bounds().project(w, p);
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
