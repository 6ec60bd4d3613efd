package org.taskmix.validation.experiments;

import java.util.Objects;

/**
 * What one series' training run did.
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
 */
public record TrainingSummary(boolean completed, String message, int steps, int batch, long promptsTrained,
                              double seconds, double finalLoss, double gaugeScale, double distanceToOptimum,
                              double evaluationSeconds, double offsetFloor) {

    public TrainingSummary {
        message = Objects.requireNonNullElse(message, "");
    }
}
