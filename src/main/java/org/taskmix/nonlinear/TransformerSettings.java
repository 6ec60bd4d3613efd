package org.taskmix.nonlinear;

/**
 * How the transformer is trained and measured (docs/theory.md §9). Not published by the paper;
 * chosen and kept in the problem files ({@code settings.transformer}) so a run is reproducible.
 *
 * @param steps        Adam steps
 * @param batch        prompts per step
 * @param learningRate peak learning rate (linear warm-up over {@code warmup} steps, then cosine
 *                     decay to zero)
 * @param warmup       warm-up steps
 * @param kTrain       unrolled chain-of-thought steps in training ({@code K_train}); 1 is the
 *                     LSA's protocol
 * @param testPrompts  target prompts measured
 * @param seed         seed of the initial parameters, the training prompts and the test prompts
 */
public record TransformerSettings(int steps, int batch, double learningRate, int warmup, int kTrain,
                                  int testPrompts, long seed) {

    public TransformerSettings {
        positive("steps", steps);
        positive("batch", batch);
        positive("kTrain", kTrain);
        positive("testPrompts", testPrompts);
        if (warmup < 0 || warmup > steps) {
            throw new IllegalArgumentException("settings.transformer.warmup: value " + warmup + " must lie in [0, steps]");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("settings.transformer.learningRate: value " + learningRate
                    + " must be finite and > 0");
        }
    }

    /** The same settings with another seed. */
    public TransformerSettings withSeed(long s) {
        return new TransformerSettings(steps, batch, learningRate, warmup, kTrain, testPrompts, s);
    }

    /** The same settings with another {@code K_train}. */
    public TransformerSettings withKTrain(int k) {
        return new TransformerSettings(steps, batch, learningRate, warmup, k, testPrompts, seed);
    }

    /** The same settings with other step and test-prompt counts (quick modes). */
    public TransformerSettings scaled(int newSteps, int newTestPrompts) {
        return new TransformerSettings(newSteps, batch, learningRate, Math.min(warmup, newSteps), kTrain,
                newTestPrompts, seed);
    }

    /** Learning rate of 1-based update {@code t}: linear warm-up, then cosine decay to zero. */
    public double learningRateAt(int t) {
        if (t <= warmup && warmup > 0) {
            return learningRate * t / warmup;
        }
        double progress = (double) (t - warmup) / Math.max(1, steps - warmup);
        return learningRate * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(1.0, progress)));
    }

    private static void positive(String field, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("settings.transformer." + field + ": value " + v + " must be >= 1");
        }
    }
}
