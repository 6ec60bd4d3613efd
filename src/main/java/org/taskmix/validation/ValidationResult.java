package org.taskmix.validation;

import java.util.Objects;

import org.ejml.data.DMatrixRMaj;

/**
 * Outcome of {@link Validation#run}.
 *
 * @param training          the training run
 * @param measured          the measured CoT curve, or null if training did not complete
 * @param distanceToOptimum {@code ‖V_31 + P(π)‖_F / ‖P(π)‖_F} of the trained model, NaN if
 *                          {@code P(π)} does not exist
 * @param optimum           {@code P(π)} (a copy), or null if the mixture's second moment
 *                          {@code M̄} is singular (some feature direction has no variance)
 */
public record ValidationResult(TrainingResult training, CotCurve measured, double distanceToOptimum,
                               DMatrixRMaj optimum) {

    public ValidationResult {
        Objects.requireNonNull(training, "training");
        optimum = optimum == null ? null : optimum.copy();
    }

    @Override
    public DMatrixRMaj optimum() {
        return optimum == null ? null : optimum.copy();
    }
}
