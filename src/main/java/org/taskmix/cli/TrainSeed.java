package org.taskmix.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed} of the commands that train or predict with the problem's training seed as default
 * (a picocli mixin). The help line says what the seed drives in each command: key
 * {@code taskmix.COMMAND.seed} in {@code OptionHelp.properties}.
 */
public final class TrainSeed {

    @Option(names = "--seed", descriptionKey = "seed",
            description = "Seed of training, test prompts and Monte Carlo (default: settings.train.seed).")
    Long seed;

    /** The seed given, or {@code fallback} (the problem's settings.train.seed). */
    long or(long fallback) {
        return seed != null ? seed : fallback;
    }

    /** The seed given, or null (keep the problem's). */
    Long given() {
        return seed;
    }
}
