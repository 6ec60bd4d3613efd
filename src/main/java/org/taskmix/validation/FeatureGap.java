package org.taskmix.validation;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.theory.ErrorSummary;
import org.taskmix.theory.Prediction;

/**
 * The gap between a measured CoT curve and the Gaussian theory's prediction at the same
 * {@code m}, per {@code k} (docs/theory.md §9, "Empirical features"). With empirical features
 * the trained model meets real rows, so the gap measures what the Gaussian assumption misses.
 *
 * <p>Interval: both means carry a 95% interval ({@link ErrorSummary}'s BCa bootstrap for the
 * measurement, the Monte Carlo interval for the prediction); their standard errors are
 * recovered from the half-widths ({@code se = (high − low) / (2 · 1.96)}) and the gap's 95%
 * interval is {@code gap ± 1.96 · √(se_m² + se_p²)}, the rule {@code validate}'s
 * {@code agreement} already uses. A gap whose interval excludes 0 is a real difference at that
 * {@code k}.
 *
 * @param k           CoT length
 * @param measured    measured mean error (per dimension)
 * @param predicted   predicted mean error at the same {@code m}
 * @param gap         {@code measured − predicted}
 * @param gapLow      lower end of the gap's 95% interval
 * @param gapHigh     upper end of the gap's 95% interval
 * @param relativeGap {@code gap / predicted}
 */
public record FeatureGap(int k, double measured, double predicted, double gap, double gapLow, double gapHigh,
                         double relativeGap) {

    /** The gap per {@code k} of {@code measured}; empty without a prediction. */
    public static List<FeatureGap> of(CotCurve measured, Prediction predicted) {
        List<FeatureGap> out = new ArrayList<>();
        if (predicted == null) {
            return out;
        }
        for (CotCurve.Point p : measured.points()) {
            Prediction.Point q = predicted.curve().get(p.k() - 1);
            double seM = (p.ciHigh() - p.ciLow()) / (2 * ErrorSummary.Z95);
            double seP = (q.ciHigh() - q.ciLow()) / (2 * ErrorSummary.Z95);
            double half = ErrorSummary.Z95 * Math.sqrt(seM * seM + seP * seP);
            double gap = p.mean() - q.error();
            out.add(new FeatureGap(p.k(), p.mean(), q.error(), gap, gap - half, gap + half, gap / q.error()));
        }
        return out;
    }

    /** True if the gap's interval excludes 0. */
    public boolean significant() {
        return gapLow > 0 || gapHigh < 0;
    }
}
