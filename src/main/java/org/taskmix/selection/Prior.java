package org.taskmix.selection;

import java.util.Arrays;
import java.util.Objects;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;

/**
 * A prior mixture and the strength {@code γ} of the pull towards it: the objective gains
 * {@code γ ‖π − π_prior‖²}. With {@code γ > 0} the objective is strictly convex and the optimum
 * unique; {@code γ} is on the scale of the objective, whose value at a mixture that leaves the
 * target uncovered is {@code d}.
 *
 * @param name     how the prior was made ("uniform", "size", a file name)
 * @param weights  prior weights in catalog order (finite, ≥ 0; a copy is kept)
 * @param strength {@code γ ≥ 0}
 */
public record Prior(String name, double[] weights, double strength) {

    public Prior {
        Objects.requireNonNull(name, "name");
        weights = weights.clone();
        if (!(strength >= 0 && Double.isFinite(strength))) {
            throw new IllegalArgumentException("prior strength " + strength + " must be finite and >= 0");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("prior weight [" + i + "] = " + weights[i] + " must be finite and >= 0");
            }
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    double[] weightsUnsafe() {
        return weights;
    }

    /** The uniform prior over {@code t} tasks. */
    public static Prior uniform(int t, double strength) {
        double[] w = new double[t];
        Arrays.fill(w, 1.0 / t);
        return new Prior("uniform", w, strength);
    }

    /**
     * The size-proportional prior.
     *
     * @throws IllegalArgumentException naming the first task without a size, or if all sizes are 0
     */
    public static Prior sizeProportional(Catalog catalog, double strength) {
        double[] w = sizes(catalog, "the size prior");
        return new Prior("size", w, strength);
    }

    /** Sizes normalised to sum 1; every task must have one. */
    static double[] sizes(Catalog catalog, String what) {
        double[] w = new double[catalog.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            Task t = catalog.task(i);
            if (t.size() == null) {
                throw new IllegalArgumentException(what + " needs a size for every task; tasks[" + i + "] (\""
                        + t.name() + "\") has none");
            }
            w[i] = t.size();
            sum += w[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(what + " needs a positive total size; all task sizes are 0");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prior p && p.name.equals(name) && Arrays.equals(p.weights, weights)
                && Double.compare(p.strength, strength) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(weights), strength);
    }

    @Override
    public String toString() {
        return "Prior[" + name + ", strength=" + strength + "]";
    }
}
