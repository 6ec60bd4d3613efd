package org.taskmix.cli;

import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.TrainingSettings.Gauge;
import org.taskmix.catalog.TrainingSettings.Offset;
import org.taskmix.catalog.TrainingSettings.Optimizer;
import org.taskmix.catalog.TrainingSettings.Precision;
import org.taskmix.catalog.TrainingSettings.Schedule;
import picocli.CommandLine.Option;

/**
 * The overrides of the problem's {@code settings.train} for commands that train a model (a picocli
 * mixin): each option left out keeps the problem's value. The spellings of {@code --optimizer},
 * {@code --schedule}, {@code --gauge} and {@code --offset} are those of the problem file
 * (docs/formats.md), any case; a wrong one is a usage error naming the accepted values.
 */
public final class TrainingOptions {

    @Option(names = "--steps", description = "Optimiser steps (default: settings.train.steps).")
    Integer steps;

    @Option(names = "--batch", description = "Prompts per step (default: settings.train.batch).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: settings.train.learningRate).")
    Double learningRate;

    @Option(names = "--test-prompts", paramLabel = "N", description = "Test prompts averaged (default: settings.train.testPrompts).")
    Integer testPrompts;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", converter = Converters.OptimizerSpelling.class,
            description = "Optimiser (default: settings.train.optimizer).")
    Optimizer optimizer;

    @Option(names = "--schedule", paramLabel = "constant|cosine", converter = Converters.ScheduleSpelling.class,
            description = "Learning-rate schedule (default: settings.train.schedule).")
    Schedule schedule;

    @Option(names = "--gauge", paramLabel = "free|fixed", converter = Converters.GaugeSpelling.class,
            description = "free: train every entry and re-gauge to W_24 = -1 afterwards; fixed: keep W_24 = -1 during"
                    + " training, so the model does chain of thought as trained (default: settings.train.gauge).")
    Gauge gauge;

    @Option(names = "--offset", paramLabel = "train|freeze|average|anneal", converter = Converters.OffsetSpelling.class,
            description = "The offset block W_14 (0 in the theory): train it, freeze it at 0, average it over the"
                    + " second half of training, or anneal its learning rate (default: settings.train.offset).")
    Offset offset;

    @Option(names = "--precision", paramLabel = "double|float32", converter = PrecisionSpelling.class,
            description = "Arithmetic of the LSA training kernel: double (default), or float32 (float parameters and"
                    + " products, double accumulators; docs/theory.md section 9.2). The model is stored in double either way.")
    Precision precision;

    /** {@code --precision double|float32} (any case). */
    static final class PrecisionSpelling extends Converters.Spelling<Precision> {
        PrecisionSpelling() {
            super(Precision.class);
        }
    }

    /**
     * {@code --lr} if given (finite and {@code > 0}), else {@code fallback}.
     *
     * @throws IllegalArgumentException {@code --lr: value V must be finite and > 0}
     */
    double learningRate(double fallback) {
        if (learningRate == null) {
            return fallback;
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("--lr: value " + learningRate + " must be finite and > 0");
        }
        return learningRate;
    }

    /** The name of the first of {@code --optimizer}, {@code --schedule} given, or null if neither is. */
    String optimizerOption() {
        return optimizer != null ? "--optimizer" : schedule != null ? "--schedule" : null;
    }

    /**
     * {@code base} with every override given, each checked; {@code seed} (null: keep) replaces its seed.
     *
     * @throws org.taskmix.io.InputException an override {@code < 1} ({@code --OPTION: value V must be >= 1})
     */
    TrainingSettings apply(TrainingSettings base, Long seed) {
        return base.withOptimizer(optimizer != null ? optimizer : base.optimizer(),
                        schedule != null ? schedule : base.schedule())
                .withGauge(gauge != null ? gauge : base.gauge(), offset != null ? offset : base.offset())
                .withSteps(OptionChecks.positive("--steps", steps, base.steps()))
                .withBatch(OptionChecks.positive("--batch", batch, base.batch()))
                .withLearningRate(learningRate(base.learningRate()))
                .withTestPrompts(OptionChecks.positive("--test-prompts", testPrompts, base.testPrompts()))
                .withSeed(seed == null ? base.seed() : seed)
                .withPrecision(precision != null ? precision : base.precision());
    }
}
