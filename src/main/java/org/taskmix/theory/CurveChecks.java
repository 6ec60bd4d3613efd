package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@link Prediction#of} runs on a finished curve: where it is lowest, whether it rises
 * beyond its intervals, whether its mean rests on a heavy tail, whether it overflowed, and the
 * {@code m = ∞} warnings of its targets (docs/theory.md §7). Kept apart from the computation of the
 * curve itself.
 */
final class CurveChecks {

    private CurveChecks() {
    }

    /**
     * The {@code m = ∞} warnings: one target's own, or with several the weighted curve's rise
     * followed by each target's warnings under its name. A mutable list: finite-{@code m}
     * warnings are appended to it.
     */
    static List<String> infiniteMWarnings(List<Prediction.TargetPrediction> perTarget, int kStar, boolean rises) {
        List<String> warnings = new ArrayList<>();
        if (perTarget.size() == 1) {
            warnings.addAll(perTarget.get(0).overthinking().warnings());
            return warnings;
        }
        if (rises) {
            warnings.add("weighted error over targets rises after k* = " + kStar);
        }
        for (Prediction.TargetPrediction tp : perTarget) {
            for (String w : tp.overthinking().warnings()) {
                warnings.add("target " + tp.name() + ": " + w);
            }
        }
        return warnings;
    }

    /** Index of the lowest point estimate on {@code curve} (the first if tied). */
    static int bestPoint(List<Prediction.Point> curve) {
        int best = 0;
        for (int j = 1; j < curve.size(); j++) {
            if (curve.get(j).error() < curve.get(best).error()) {
                best = j;
            }
        }
        return best;
    }

    /** True if a point after {@code best} is worse beyond both 95% intervals of the means. */
    static boolean risesBeyondIntervals(List<Prediction.Point> curve, int best) {
        boolean rises = false;
        for (int j = best + 1; j < curve.size(); j++) {
            rises |= curve.get(j).ciLow() > curve.get(best).ciHigh();
        }
        return rises;
    }

    /** A warning naming the {@code k} whose mean exceeds their 90% quantile, if any does. */
    static Optional<String> heavyTailWarning(List<Prediction.Point> curve) {
        StringBuilder heavy = new StringBuilder();
        for (Prediction.Point pt : curve) {
            if (pt.error() > pt.q90()) {
                heavy.append(heavy.length() == 0 ? "" : ", ").append(pt.k());
            }
        }
        if (heavy.length() == 0) {
            return Optional.empty();
        }
        return Optional.of("at k = " + heavy + " the mean error exceeds the 90% quantile over test prompts: the"
                + " per-prompt errors are heavy-tailed (rare prompts make the iteration diverge), so the mean"
                + " rests on a few prompts; the median describes a typical prompt");
    }

    /** True if any point of {@code curve} or of {@code mInf} overflowed to {@code +∞}. */
    static boolean overflows(List<Prediction.Point> curve, double[] mInf) {
        boolean overflow = false;
        for (Prediction.Point pt : curve) {
            overflow |= pt.overflow();
        }
        for (double e : mInf) {
            overflow |= e == Double.POSITIVE_INFINITY;
        }
        return overflow;
    }
}
