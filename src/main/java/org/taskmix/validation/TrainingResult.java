package org.taskmix.validation;

import java.util.Objects;

/**
 * What a training run produced.
 *
 * @param status          {@link Status#COMPLETED} or {@link Status#DIVERGED}
 * @param model           the trained model in the documented gauge {@code W_24 = −1}
 *                        ({@link LsaModel#gaugeNormalised()}); on divergence the last finite
 *                        parameters, not normalised
 * @param rawModel        the parameters exactly as the optimiser left them
 * @param gaugeScale      {@code −W_24} of the raw model (1 = no drift along the loss's flat direction)
 * @param loss            the loss history
 * @param stepsCompleted  optimiser steps taken
 * @param promptsTrained  prompts whose gradients were used ({@code stepsCompleted · batch})
 * @param seconds         wall-clock training time
 * @param divergedAtStep  the 1-based step at which divergence was detected, or 0
 * @param message         one line explaining a divergence, or "" when completed
 */
public record TrainingResult(Status status, LsaModel model, LsaModel rawModel, double gaugeScale, LossHistory loss,
                             int stepsCompleted, long promptsTrained, double seconds, int divergedAtStep,
                             String message) {

    /** How a run ended. */
    public enum Status {
        /** Every step ran and the loss stayed finite and bounded. */
        COMPLETED,
        /**
         * The loss became non-finite or exceeded {@link Trainer#DIVERGENCE_FACTOR} times the
         * first step's loss; the run stopped there.
         */
        DIVERGED
    }

    public TrainingResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rawModel, "rawModel");
        Objects.requireNonNull(loss, "loss");
        message = message == null ? "" : message;
    }

    /** True if training completed. */
    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
