package org.taskmix.cli;

import org.taskmix.io.InputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Monte Carlo options of the commands that score several mixtures ({@code compare},
 * {@code demo}): test prompts per mixture and the seed (a picocli mixin; the help lines, which say
 * what each command draws, are keyed {@code taskmix.COMMAND.samples} and {@code .seed} in
 * {@code OptionHelp.properties}).
 */
public final class MonteCarloOptions {

    /** Test prompts per mixture unless {@code --samples} says otherwise. */
    static final int DEFAULT_SAMPLES = 400;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + DEFAULT_SAMPLES, descriptionKey = "samples",
            description = "Monte Carlo test prompts per mixture (default: ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    TrainSeed seed;

    /**
     * The Monte Carlo test prompts per mixture.
     *
     * @throws InputException {@code --samples: value N must be >= 2} (an interval needs two draws)
     */
    int samples() {
        if (samples < 2) {
            throw new InputException("--samples: value " + samples + " must be >= 2");
        }
        return samples;
    }
}
