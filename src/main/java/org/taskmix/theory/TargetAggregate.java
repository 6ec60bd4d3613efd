package org.taskmix.theory;

import java.util.List;

import org.taskmix.catalog.Target;

/**
 * The one definition of the multi-target aggregate (docs/theory.md, "10. Hardening: limits and
 * input rules"): the error over several targets is the <em>weighted average</em> of the
 * per-target errors, with the targets' weights normalised to sum to 1. Two identical targets
 * therefore report the per-target error whatever their weights, and a single target's weight
 * has no effect. Used by {@link Prediction} (predict, compare, demo) and {@link ExactObjective}.
 */
public final class TargetAggregate {

    /** Plain-language definition for output documents. */
    public static final String DESCRIPTION = "weighted average over targets, target weights normalised to sum to 1";

    private TargetAggregate() {
    }

    /** The targets' weights divided by their sum (each weight is finite and > 0). */
    public static double[] weights(List<Target> targets) {
        double[] w = new double[targets.size()];
        double max = 0;
        for (Target t : targets) {
            max = Math.max(max, t.weight());
        }
        // Divide by the largest weight first so sums of weights near Double.MAX_VALUE cannot overflow.
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = targets.get(i).weight() / max;
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
