package org.taskmix.cli;

import picocli.CommandLine.Option;

/**
 * {@code --samples N}: the Monte Carlo test prompts of the one predicted curve of {@code predict}
 * and {@code validate} (a picocli mixin; {@link MonteCarloOptions} is the per-mixture count of
 * the commands that score several). The help lines are keyed {@code taskmix.COMMAND.samples} in
 * {@code OptionHelp.properties}.
 */
public final class PredictionSamples {

    /** Default Monte Carlo sample count: the 95% interval is then about ±6% of sd/mean. */
    static final int DEFAULT_SAMPLES = 1000;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + DEFAULT_SAMPLES, descriptionKey = "samples",
            description = "Monte Carlo test prompts for the predicted curve at k > 1 (default: ${DEFAULT-VALUE}).")
    int samples;
}
