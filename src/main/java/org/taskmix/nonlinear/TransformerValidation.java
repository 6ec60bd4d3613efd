package org.taskmix.nonlinear;

import org.taskmix.catalog.Catalog;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.TrainingMixture;

/**
 * The transformer as one more evaluation of a mixture (docs/theory.md §9): train the GPT-2-style
 * model on the mixture's prompts, then run test-time chain of thought on the target.
 */
public final class TransformerValidation {

    private TransformerValidation() {
    }

    /**
     * One trained and measured model.
     *
     * @param seed     training seed
     * @param kTrain   unrolled CoT steps in training
     * @param training run summary (status, loss, throughput)
     * @param curve    measured error per k; null if training diverged
     */
    public record Run(long seed, int kTrain, TransformerTraining training, TransformerCurve curve) {
    }

    /**
     * Trains on {@code π} and measures {@code k = 1..kMax} on target prompts of length {@code m}.
     * The model gets {@code max(n_ℓ, m)} example positions and {@code max(K_train, kMax)}
     * estimate positions.
     *
     * @param catalog  training tasks
     * @param weights  {@code π}, catalog order
     * @param n        training prompt length for tasks without their own
     * @param sigma    target covariance
     * @param m        test prompt length
     * @param kMax     longest CoT measured
     * @param config   architecture
     * @param settings training and measurement settings
     * @param progress both phases
     */
    public static Run run(Catalog catalog, double[] weights, int n, SymmetricMatrix sigma, int m, int kMax,
                          TransformerConfig config, TransformerSettings settings, ProgressListener progress) {
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        if (kMax < 1) {
            throw new IllegalArgumentException("k: value " + kMax + " must be >= 1");
        }
        TrainingMixture mixture = TrainingMixture.of(catalog, weights, n);
        int slots = Math.max(mixture.longestPrompt(), m);
        int estimates = Math.max(settings.kTrain(), kMax);
        try (TransformerTrainer.Trained t = TransformerTrainer.train(mixture, config, settings, slots, estimates, progress)) {
            if (!t.training().completed()) {
                return new Run(settings.seed(), settings.kTrain(), t.training(), null);
            }
            TransformerCurve curve = CotMeasurement.measure(t.model(), sigma, m, kMax, settings.testPrompts(),
                    settings.seed(), progress);
            return new Run(settings.seed(), settings.kTrain(), t.training(), curve);
        }
    }
}
