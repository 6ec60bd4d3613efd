package org.taskmix.catalog;

import java.util.Locale;

/**
 * How the validation layer trains and evaluates the LSA model (docs/theory.md §3–§4, §11: the paper
 * does not publish these, so they are kept in the problem file for reproducibility).
 *
 * @param optimizer    "adam" or "sgd"
 * @param steps        optimiser steps
 * @param batch        prompts per step
 * @param learningRate initial learning rate
 * @param schedule     "constant" or "cosine" (decay to 0 over the run)
 * @param testPrompts  test prompts drawn from the target to measure CoT error
 * @param seed         seed of every random draw in training and evaluation
 * @param gauge        "free": every entry of {@code W}'s last column is trained, so the model
 *                     drifts along the loss's flat direction {@code (V, W e_last) → (cV, W e_last/c)}
 *                     and is re-gauged to {@code W_24 = −1} after training; "fixed": {@code W_24}
 *                     is kept at its initial −1 (no gradient), so the trained model is in the
 *                     theory's gauge as trained (docs/theory.md §7)
 * @param offset       the block {@code W_14} (the theory sets it to 0; training noise in it is the
 *                     CoT offset floor): "train" (ordinary), "freeze" (kept at its initial 0),
 *                     "average" (trained; replaced at the end by its average over the second half
 *                     of the steps), "anneal" (trained with its learning rate multiplied by an extra
 *                     {@code 1 − t/steps})
 */
public record TrainingSettings(String optimizer, int steps, int batch, double learningRate, String schedule,
                               int testPrompts, long seed, String gauge, String offset) {

    /** Gauge values. */
    public static final java.util.List<String> GAUGES = java.util.List.of("free", "fixed");

    /** Offset-block values. */
    public static final java.util.List<String> OFFSETS = java.util.List.of("train", "freeze", "average", "anneal");

    /** Defaults used when the problem file has no {@code settings.train}. */
    public static final TrainingSettings DEFAULT = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", 4000, 1L);

    /** Settings with the free gauge and a trained offset block (the behaviour before these options). */
    public TrainingSettings(String optimizer, int steps, int batch, double learningRate, String schedule,
                            int testPrompts, long seed) {
        this(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, "free", "train");
    }

    /** A copy with another gauge and offset treatment. */
    public TrainingSettings withGauge(String newGauge, String newOffset) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, newGauge,
                newOffset);
    }

    /** A copy with {@code newSteps} optimiser steps. */
    public TrainingSettings withSteps(int newSteps) {
        return new TrainingSettings(optimizer, newSteps, batch, learningRate, schedule, testPrompts, seed, gauge, offset);
    }

    /** A copy with {@code newBatch} prompts per step. */
    public TrainingSettings withBatch(int newBatch) {
        return new TrainingSettings(optimizer, steps, newBatch, learningRate, schedule, testPrompts, seed, gauge, offset);
    }

    /** A copy with another initial learning rate. */
    public TrainingSettings withLearningRate(double newRate) {
        return new TrainingSettings(optimizer, steps, batch, newRate, schedule, testPrompts, seed, gauge, offset);
    }

    /** A copy with another optimiser ("adam" or "sgd") and schedule ("constant" or "cosine"). */
    public TrainingSettings withOptimizer(String newOptimizer, String newSchedule) {
        return new TrainingSettings(newOptimizer, steps, batch, learningRate, newSchedule, testPrompts, seed, gauge,
                offset);
    }

    /** A copy with {@code newPrompts} test prompts. */
    public TrainingSettings withTestPrompts(int newPrompts) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, newPrompts, seed, gauge, offset);
    }

    /** A copy with another seed. */
    public TrainingSettings withSeed(long newSeed) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, testPrompts, newSeed, gauge, offset);
    }

    public TrainingSettings {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        gauge = gauge.toLowerCase(Locale.ROOT);
        offset = offset.toLowerCase(Locale.ROOT);
        if (!GAUGES.contains(gauge)) {
            throw new IllegalArgumentException("settings.train.gauge: value \"" + gauge + "\" must be \"free\" or \"fixed\"");
        }
        if (!OFFSETS.contains(offset)) {
            throw new IllegalArgumentException("settings.train.offset: value \"" + offset
                    + "\" must be one of \"train\", \"freeze\", \"average\", \"anneal\"");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("settings.train.optimizer: value \"" + optimizer + "\" must be \"adam\" or \"sgd\"");
        }
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new IllegalArgumentException("settings.train.schedule: value \"" + schedule + "\" must be \"constant\" or \"cosine\"");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("settings.train.steps: value " + steps + " must be >= 1");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("settings.train.batch: value " + batch + " must be >= 1");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("settings.train.learningRate: value " + learningRate + " must be finite and > 0");
        }
        if (testPrompts < 1) {
            throw new IllegalArgumentException("settings.train.testPrompts: value " + testPrompts + " must be >= 1");
        }
    }

    /** Total prompts seen in training. */
    public long promptsTrained() {
        return (long) steps * batch;
    }
}
