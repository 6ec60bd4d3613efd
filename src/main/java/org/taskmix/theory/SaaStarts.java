package org.taskmix.theory;

import org.taskmix.selection.BoundedSimplex;

/**
 * Start points of {@link SaaSelection}'s solves (docs/theory.md §7.3): the uniform mixture, random
 * mixtures uniform on the simplex, the best of several starts on one sample, and the pooled mean
 * over gap batches that picks the next round's start.
 */
final class SaaStarts {

    private SaaStarts() {
    }

    /**
     * The first round from {@code settings.starts()} more starts (the uniform mixture projected on
     * the feasible set, then random mixtures: normalised exponentials, seeded), each solved on the
     * same prompts; the winner is the one with the lowest plain mean on {@code freshSamples} fresh
     * prompts (common random numbers, a fresh sample so the choice does not overfit the SAA
     * prompts).
     */
    static ExactSelection.Result bestOfStarts(ExactObjective obj, ExactSelection.Result fromStart,
                                              BoundedSimplex feasible, ExactSelection.Settings inner,
                                              SaaSelection.Settings settings, long seed) {
        int t = obj.size();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ STARTS_SEED_MIX);
        long fs = seed ^ SaaSelection.FRESH_SEED_MIX ^ STARTS_SEED_MIX;
        // The plain fresh mean (not the control-variate estimate): picking the smallest of several
        // estimates favours the one whose estimated beta happened to subtract most; with common
        // random numbers the plain means differ only by the candidates.
        int freshN = settings.freshSamples();
        ExactSelection.Result best = fromStart;
        double bestValue = obj.fresh(fromStart.weights().toArray(), freshN, fs).plainMean();
        for (int s = 0; s < settings.starts(); s++) {
            double[] x0 = s == 0 ? uniform(feasible, t) : randomMixture(rng, feasible, t);
            if (!Double.isFinite(obj.value(x0))) {
                continue;
            }
            ExactSelection.Result r = ExactSelection.solve(obj, x0, feasible, inner);
            double v = obj.fresh(r.weights().toArray(), freshN, fs).plainMean();
            if (v < bestValue) {
                bestValue = v;
                best = r;
            }
        }
        return best;
    }

    /** A mixture uniform on the simplex (normalised exponentials), projected on the feasible set. */
    static double[] randomMixture(java.util.SplittableRandom rng, BoundedSimplex feasible, int t) {
        double[] y = new double[t];
        double sum = 0;
        for (int i = 0; i < t; i++) {
            y[i] = -Math.log(1 - rng.nextDouble());
            sum += y[i];
        }
        for (int i = 0; i < t; i++) {
            y[i] /= sum;
        }
        double[] out = new double[t];
        feasible.project(y, out);
        return out;
    }

    /** The uniform mixture projected on the feasible set. */
    static double[] uniform(BoundedSimplex feasible, int t) {
        double[] y = new double[t];
        java.util.Arrays.fill(y, 1.0 / t);
        double[] out = new double[t];
        feasible.project(y, out);
        return out;
    }

    /** Mean of {@code J} over several batches (each a sample average of the same size). */
    static double pooled(ExactObjective[] batches, double[] w) {
        double s = 0;
        for (ExactObjective b : batches) {
            s += b.value(w);
        }
        return s / batches.length;
    }

    /** Mixed into the seed of the extra starts. */
    static final long STARTS_SEED_MIX = 0x3C6EF372FE94F82BL;

}
