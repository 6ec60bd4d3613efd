package org.taskmix.study.experiments;

import java.util.Objects;

import org.taskmix.theory.Agreement;
import org.taskmix.theory.Prediction;

/**
 * One line of an experiment's table: a series (a prompt length {@code n} or a mixture) at one CoT
 * length {@code k}, measured on the trained model and predicted by the theory. Errors are per
 * dimension, {@code ‖w_k − w*‖²/d}; intervals are 95%.
 *
 * @param series            series label ("n=10", "uniform", ...)
 * @param n                 training prompt length of the series
 * @param k                 CoT length
 * @param measured          mean error of the trained model over the test prompts (NaN if training diverged)
 * @param measuredLow       lower end of its 95% interval
 * @param measuredHigh      upper end of its 95% interval
 * @param predicted         the theory at the experiment's finite {@code m}, with {@code P(π)} in
 *                          place of the trained {@code V_31} (NaN if {@code P(π)} does not exist)
 * @param predictedLow      lower end of its 95% interval (equal to {@code predicted} for the exact
 *                          one-step formula)
 * @param predictedHigh     upper end
 * @param method            how {@code predicted} was computed (exact at {@code k = 1}, Monte Carlo after)
 * @param predictedInfinite the closed form at {@code m = ∞}
 * @param measuredMedian    median error of the trained model over the test prompts (NaN if not measured)
 * @param predictedMedian   the theory's median over test prompts at the same {@code m}
 * @param measuredAsTrained mean error of the model as trained, without re-gauging (equal to
 *                          {@code measured} when training kept the gauge; NaN if not measured)
 *
 * <p>{@code measured} and {@code predicted} are means over test prompts (heavy-tailed at finite
 * {@code m}; docs/theory.md §7): intervals are BCa bootstrap intervals, never below 0.
 */
public record Row(String series, int n, int k, double measured, double measuredLow, double measuredHigh,
                  double predicted, double predictedLow, double predictedHigh, Prediction.Method method,
                  double predictedInfinite, double measuredMedian, double predictedMedian, double measuredAsTrained) {

    /** A row without medians and as-trained value. */
    public Row(String series, int n, int k, double measured, double measuredLow, double measuredHigh,
               double predicted, double predictedLow, double predictedHigh, Prediction.Method method,
               double predictedInfinite) {
        this(series, n, k, measured, measuredLow, measuredHigh, predicted, predictedLow, predictedHigh, method,
                predictedInfinite, Double.NaN, Double.NaN, Double.NaN);
    }

    public Row {
        Objects.requireNonNull(series, "series");
        if (k < 1) {
            throw new IllegalArgumentException("k: value " + k + " must be >= 1");
        }
    }

    /**
     * True if measurement and prediction agree by the one rule of {@link Agreement} (a z-test on
     * the difference, docs/theory.md §12): the trained model does what the theory says, up to the
     * noise of both estimates. False when either value is missing.
     */
    public boolean agrees() {
        return Agreement.of(measured, measuredLow, measuredHigh, predicted, predictedLow, predictedHigh).agrees();
    }

    /** {@code measured / predicted}, the factor by which the trained model is off (NaN if undefined). */
    public double ratio() {
        return measured / predicted;
    }
}
