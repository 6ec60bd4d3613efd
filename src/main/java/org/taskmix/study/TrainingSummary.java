package org.taskmix.study;

import java.util.Objects;

import org.taskmix.validation.CotCurve;
import org.taskmix.validation.TrainingResult;
import org.taskmix.validation.ValidationResult;

/**
 * The statistics of one trained model: what its training run did. The one record every output
 * takes them from ({@code validate}, {@code compare}, {@code demo}, {@code reproduce} write it
 * whole as their {@code "trainingStatistics"} object), so a new statistic is a component here,
 * its line in {@link #of}, and its test.
 *
 * @param completed         true unless the run diverged
 * @param message           why it diverged, or ""
 * @param steps             optimiser steps taken
 * @param batch             prompts per step
 * @param promptsTrained    prompts whose gradients were used
 * @param seconds           wall-clock training time
 * @param finalLoss         last recorded training loss
 * @param gaugeScale        {@code −W_24} before normalisation (1 = no drift along the flat direction)
 * @param distanceToOptimum {@code ‖V_31 + P(π)‖_F / ‖P(π)‖_F}, NaN if {@code P(π)} does not exist
 * @param evaluationSeconds wall-clock time of the measured CoT curve (0 if not measured)
 * @param offsetFloor       {@code ‖W_14‖²/d} of the trained model (gauge {@code W_24 = −1}). The
 *                          block {@code W_14} (feature rows, constant column) is zero in the theory
 *                          but left non-zero by stochastic training; in a CoT step it is added to
 *                          {@code w_i − w*} inside {@code V_31 Ŝ(·)}, so the chain converges to
 *                          {@code w* − W_14} instead of {@code w*} and the measured error levels off
 *                          near this value once the theory's error has fallen below it
 * @param initialLoss       first recorded training loss (step 1), so {@code finalLoss / initialLoss}
 *                          says how much training reduced the loss
 */
public record TrainingSummary(boolean completed, String message, int steps, int batch, long promptsTrained,
                              double seconds, double finalLoss, double gaugeScale, double distanceToOptimum,
                              double evaluationSeconds, double offsetFloor, double initialLoss) {

    public TrainingSummary {
        message = Objects.requireNonNullElse(message, "");
    }

    /**
     * The statistics of {@code v}'s training run ({@code batch} prompts per step).
     * {@code offsetFloor} exists only for a completed run (NaN otherwise): only then is the model
     * in the gauge {@code W_24 = −1} where {@code W_14} means something.
     */
    public static TrainingSummary of(ValidationResult v, int batch) {
        TrainingResult tr = v.training();
        CotCurve measured = v.measured();
        return new TrainingSummary(tr.completed(), tr.message(), tr.stepsCompleted(), batch, tr.promptsTrained(),
                tr.seconds(), tr.loss().last(), tr.gaugeScale(), v.distanceToOptimum(),
                measured == null ? 0 : measured.seconds(), tr.completed() ? tr.model().cotOffsetFloor() : Double.NaN,
                tr.loss().size() == 0 ? Double.NaN : tr.loss().values().get(0));
    }
}
