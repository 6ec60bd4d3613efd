package org.taskmix.validation;

import java.util.Objects;

import org.ejml.data.DMatrixRMaj;

/**
 * Outcome of {@link Validation#run}.
 *
 * @param training          the training run
 * @param measured          the measured CoT curve of the model re-gauged to {@code W_24 = −1}
 *                          ({@link TrainingResult#model()}), or null if training did not complete
 * @param measuredAsTrained the measured CoT curve of the model as trained
 *                          ({@link TrainingResult#rawModel()}, no re-gauging); the same object as
 *                          {@code measured} when training kept the gauge ({@code −W_24 = 1});
 *                          null if training did not complete or it was not measured
 * @param distanceToOptimum {@code ‖V_31 + P(π)‖_F / ‖P(π)‖_F} of the trained model, NaN if
 *                          {@code P(π)} does not exist
 * @param optimum           {@code P(π)} (a copy), or null if the mixture's second moment
 *                          {@code M̄} is singular (some feature direction has no variance)
 */
public record ValidationResult(TrainingResult training, CotCurve measured, double distanceToOptimum,
                               DMatrixRMaj optimum, CotCurve measuredAsTrained) {

    /** A result without the as-trained curve. */
    public ValidationResult(TrainingResult training, CotCurve measured, double distanceToOptimum,
                            DMatrixRMaj optimum) {
        this(training, measured, distanceToOptimum, optimum, null);
    }

    public ValidationResult {
        Objects.requireNonNull(training, "training");
        optimum = optimum == null ? null : optimum.copy();
    }

    @Override
    public DMatrixRMaj optimum() {
        return optimum == null ? null : optimum.copy();
    }
}
