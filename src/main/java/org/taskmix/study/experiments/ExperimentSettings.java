package org.taskmix.study.experiments;

import java.util.Objects;

import org.taskmix.catalog.TrainingSettings;

/**
 * How an experiment trains, measures and predicts.
 *
 * <p>Seeds: {@code train.seed()} seeds training and the measured test prompts (the validation
 * layer keeps the two in separate streams); the theory's Monte Carlo test prompts use
 * {@link #predictionSeed()}, a fixed mix of the same seed, so the prediction's noise is
 * independent of the measurement's. Every series of an experiment uses the same seeds (common
 * random numbers), so differences between series are not differences of luck in the draws.
 *
 * @param train   optimiser, steps, batch, learning rate, schedule, test prompts, seed
 * @param samples Monte Carlo test prompts of the finite-{@code m} prediction ({@code ≥ 2})
 * @param threads worker threads ({@code ≥ 1}); results do not depend on the number
 */
public record ExperimentSettings(TrainingSettings train, int samples, int threads) {

    /**
     * Mixed into the seed for the prediction's Monte Carlo draws (an arbitrary odd constant, the
     * golden-ratio increment of SplitMix64): the theory layer's sampler is a different generator
     * from the validation layer's anyway, and the mix makes the independence explicit.
     */
    static final long PREDICTION_SEED_MIX = 0x9E3779B97F4A7C15L;

    public ExperimentSettings {
        Objects.requireNonNull(train, "train");
        if (samples < 2) {
            throw new IllegalArgumentException("samples: value " + samples
                    + " must be >= 2 (a confidence interval needs a spread)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: value " + threads + " must be >= 1");
        }
    }

    /**
     * Settings with as many Monte Carlo samples as measured test prompts (so both intervals are
     * of the same width for the same spread) on every available processor.
     */
    public static ExperimentSettings of(TrainingSettings train) {
        return new ExperimentSettings(train, train.testPrompts(), Runtime.getRuntime().availableProcessors());
    }

    /** Seed of training and measured test prompts. */
    public long seed() {
        return train.seed();
    }

    /** Seed of the prediction's Monte Carlo test prompts. */
    public long predictionSeed() {
        return train.seed() ^ PREDICTION_SEED_MIX;
    }
}
