package org.taskmix.catalog;

import java.util.Locale;

/**
 * How the validation layer trains and evaluates the LSA model (math.md §3–§4, §7: the paper
 * does not publish these, so they are kept in the problem file for reproducibility).
 *
 * @param optimizer    "adam" or "sgd"
 * @param steps        optimiser steps
 * @param batch        prompts per step
 * @param learningRate initial learning rate
 * @param schedule     "constant" or "cosine" (decay to 0 over the run)
 * @param testPrompts  test prompts drawn from the target to measure CoT error
 * @param seed         seed of every random draw in training and evaluation
 */
public record TrainingSettings(String optimizer, int steps, int batch, double learningRate, String schedule,
                               int testPrompts, long seed) {

    /** Defaults used when the problem file has no {@code settings.train}. */
    public static final TrainingSettings DEFAULT = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", 4000, 1L);

    public TrainingSettings {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
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
