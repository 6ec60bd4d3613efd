package org.taskmix.nonlinear;

import java.util.Objects;

import org.taskmix.validation.LossHistory;

/**
 * Outcome of one training run of the transformer.
 *
 * @param status           COMPLETED or DIVERGED (a status, not an exception)
 * @param message          why it diverged, empty otherwise
 * @param steps            Adam steps done
 * @param firstLoss        loss of the first step (the initial model)
 * @param finalLoss        mean loss over the last 10% of the steps done
 * @param loss             training loss over the run in block means, the same type as the linear
 *                         model's (each value the mean over {@code j ≤ K_train} of {@code ‖ŵ_j − w‖²/d})
 * @param seconds          wall-clock training time (all steps)
 * @param promptsPerSecond prompts trained per second (forward, backward and update), over the
 *                         steps after the first {@code warmupSteps}
 * @param tokensPerSecond  tokens per second: each prompt is {@code S + K_train} tokens
 *                         ({@code S} example slots, one token per CoT estimate)
 * @param parameters       trainable scalars
 * @param device           the device DJL trained on ("cpu()", "gpu(0)")
 * @param warmupSteps      first steps left out of {@code promptsPerSecond} and {@code tokensPerSecond}
 *                         ({@link TransformerTrainer#warmupSteps})
 * @param promptsPerSecondAllSteps prompts per second over all steps ({@code steps × batch / seconds})
 */
public record TransformerTraining(Status status, String message, int steps, double firstLoss, double finalLoss,
                                  LossHistory loss, double seconds, double promptsPerSecond,
                                  double tokensPerSecond, long parameters, String device, int warmupSteps,
                                  double promptsPerSecondAllSteps) {

    /** How a run ended. */
    public enum Status { COMPLETED, DIVERGED }

    public TransformerTraining {
        Objects.requireNonNull(loss, "loss");
    }

    /** True if training ran all its steps with finite, bounded loss. */
    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
