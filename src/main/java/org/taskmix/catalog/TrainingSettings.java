package org.taskmix.catalog;

import java.util.Objects;

/**
 * How the validation layer trains and evaluates the LSA model (docs/theory.md §3–§4, §11: the paper
 * does not publish these, so they are kept in the problem file for reproducibility).
 *
 * @param optimizer    Adam or plain SGD
 * @param steps        optimiser steps
 * @param batch        prompts per step
 * @param learningRate initial learning rate
 * @param schedule     constant, or cosine (decay to 0 over the run)
 * @param testPrompts  test prompts drawn from the target to measure CoT error
 * @param seed         seed of every random draw in training and evaluation
 * @param gauge        {@link Gauge#FREE}: every entry of {@code W}'s last column is trained, so the model
 *                     drifts along the loss's flat direction {@code (V, W e_last) → (cV, W e_last/c)}
 *                     and is re-gauged to {@code W_24 = −1} after training; {@link Gauge#FIXED}: {@code W_24}
 *                     is kept at its initial −1 (no gradient), so the trained model is in the
 *                     theory's gauge as trained (docs/theory.md §7)
 * @param offset       the block {@code W_14} (the theory sets it to 0; training noise in it is the
 *                     CoT offset floor): train (ordinary), freeze (kept at its initial 0),
 *                     average (trained; replaced at the end by its average over the second half
 *                     of the steps), anneal (trained with its learning rate multiplied by an extra
 *                     {@code 1 − t/steps})
 * @param precision    arithmetic of the LSA training kernel: double (default), or float32 (float
 *                     parameters and products, double accumulators; docs/theory.md §9.2); set by
 *                     {@code --precision}, not read from the problem file
 */
public record TrainingSettings(Optimizer optimizer, int steps, int batch, double learningRate, Schedule schedule,
                               int testPrompts, long seed, Gauge gauge, Offset offset, Precision precision) {

    /** The training kernel's arithmetic ({@code --precision}: "double" or "float32"). */
    public enum Precision implements Spelled {
        DOUBLE, FLOAT32;

        @Override
        public String toString() {
            return label();
        }
    }

    /** The optimiser ({@code settings.train.optimizer}: "adam" or "sgd"). */
    public enum Optimizer implements Spelled {
        ADAM, SGD;

        @Override
        public String toString() {
            return label();
        }
    }

    /** The learning-rate schedule ({@code settings.train.schedule}: "constant" or "cosine"). */
    public enum Schedule implements Spelled {
        CONSTANT, COSINE;

        @Override
        public String toString() {
            return label();
        }
    }

    /** The gauge of training ({@code settings.train.gauge}: "free" or "fixed"; see the record). */
    public enum Gauge implements Spelled {
        FREE, FIXED;

        @Override
        public String toString() {
            return label();
        }
    }

    /** The treatment of the offset block ({@code settings.train.offset}; see the record). */
    public enum Offset implements Spelled {
        TRAIN, FREEZE, AVERAGE, ANNEAL;

        @Override
        public String toString() {
            return label();
        }
    }

    /** Defaults used when the problem file has no {@code settings.train}. */
    public static final TrainingSettings DEFAULT = new TrainingSettings(Optimizer.ADAM, 2000, 256, 0.01,
            Schedule.COSINE, 4000, 1L);

    /** Settings in double precision. */
    public TrainingSettings(Optimizer optimizer, int steps, int batch, double learningRate, Schedule schedule,
                            int testPrompts, long seed, Gauge gauge, Offset offset) {
        this(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, gauge, offset, Precision.DOUBLE);
    }

    /** Settings with the free gauge and a trained offset block (the behaviour before these options). */
    public TrainingSettings(Optimizer optimizer, int steps, int batch, double learningRate, Schedule schedule,
                            int testPrompts, long seed) {
        this(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, Gauge.FREE, Offset.TRAIN);
    }

    /**
     * Settings from the problem file's spellings (any case), each checked.
     *
     * @throws IllegalArgumentException {@code settings.train.FIELD: value "V" must be ...}
     */
    public TrainingSettings(String optimizer, int steps, int batch, double learningRate, String schedule,
                            int testPrompts, long seed, String gauge, String offset) {
        this(Spelled.parse(Optimizer.class, "settings.train.optimizer", optimizer), steps, batch, learningRate,
                Spelled.parse(Schedule.class, "settings.train.schedule", schedule), testPrompts, seed,
                Spelled.parse(Gauge.class, "settings.train.gauge", gauge),
                Spelled.parse(Offset.class, "settings.train.offset", offset));
    }

    /** Spellings with the free gauge and a trained offset block. */
    public TrainingSettings(String optimizer, int steps, int batch, double learningRate, String schedule,
                            int testPrompts, long seed) {
        this(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, "free", "train");
    }

    public TrainingSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(gauge, "gauge");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(precision, "precision");
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

    /** A copy with another gauge and offset treatment. */
    public TrainingSettings withGauge(Gauge newGauge, Offset newOffset) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, newGauge,
                newOffset, precision);
    }

    /** {@link #withGauge(Gauge, Offset)} from spellings (any case). */
    public TrainingSettings withGauge(String newGauge, String newOffset) {
        return withGauge(Spelled.parse(Gauge.class, "gauge", newGauge), Spelled.parse(Offset.class, "offset", newOffset));
    }

    /** A copy with {@code newSteps} optimiser steps. */
    public TrainingSettings withSteps(int newSteps) {
        return new TrainingSettings(optimizer, newSteps, batch, learningRate, schedule, testPrompts, seed, gauge, offset, precision);
    }

    /** A copy with {@code newBatch} prompts per step. */
    public TrainingSettings withBatch(int newBatch) {
        return new TrainingSettings(optimizer, steps, newBatch, learningRate, schedule, testPrompts, seed, gauge, offset, precision);
    }

    /** A copy with another initial learning rate. */
    public TrainingSettings withLearningRate(double newRate) {
        return new TrainingSettings(optimizer, steps, batch, newRate, schedule, testPrompts, seed, gauge, offset, precision);
    }

    /** A copy with another optimiser and schedule. */
    public TrainingSettings withOptimizer(Optimizer newOptimizer, Schedule newSchedule) {
        return new TrainingSettings(newOptimizer, steps, batch, learningRate, newSchedule, testPrompts, seed, gauge,
                offset, precision);
    }

    /** A copy with {@code newPrompts} test prompts. */
    public TrainingSettings withTestPrompts(int newPrompts) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, newPrompts, seed, gauge, offset, precision);
    }

    /** A copy with another seed. */
    public TrainingSettings withSeed(long newSeed) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, testPrompts, newSeed, gauge, offset, precision);
    }

    /** A copy with another training-kernel precision. */
    public TrainingSettings withPrecision(Precision newPrecision) {
        return new TrainingSettings(optimizer, steps, batch, learningRate, schedule, testPrompts, seed, gauge, offset,
                newPrecision);
    }

    /** Total prompts seen in training. */
    public long promptsTrained() {
        return (long) steps * batch;
    }
}
