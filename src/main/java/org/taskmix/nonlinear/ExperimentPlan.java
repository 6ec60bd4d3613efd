package org.taskmix.nonlinear;

import java.util.List;

/**
 * What a transformer experiment runs (docs/theory.md §9), read from a problem file's
 * {@code settings.transformer}.
 *
 * @param config     architecture preset
 * @param settings   training and measurement (its {@code kTrain} and {@code seed} are the first
 *                   of {@link #kTrains} and of the seed range)
 * @param kTrains    {@code K_train} values, each trained separately
 * @param seeds      independent training runs per condition (seeds {@code seed … seed + seeds − 1})
 * @param kMax       longest CoT measured
 * @param ns         training prompt lengths swept (compute-vs-context, overthinking); empty:
 *                   the problem's own
 * @param mEqualsN   test prompts as long as the training prompts (the paper's reading, docs/theory.md §7)
 *                   instead of the problem's {@code m}
 */
public record ExperimentPlan(TransformerConfig config, TransformerSettings settings, List<Integer> kTrains, int seeds,
                             int kMax, List<Integer> ns, boolean mEqualsN) {

    public ExperimentPlan {
        kTrains = List.copyOf(kTrains);
        ns = List.copyOf(ns);
        if (kTrains.isEmpty()) {
            throw new IllegalArgumentException("settings.transformer.kTrain: must list at least one value");
        }
        for (int k : kTrains) {
            if (k < 1) {
                throw new IllegalArgumentException("settings.transformer.kTrain: value " + k + " must be >= 1");
            }
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("settings.transformer.seeds: value " + seeds + " must be >= 1");
        }
        if (kMax < 1) {
            throw new IllegalArgumentException("settings.transformer.kMax: value " + kMax + " must be >= 1");
        }
        for (int n : ns) {
            if (n < 1) {
                throw new IllegalArgumentException("settings.transformer.n: value " + n + " must be >= 1");
            }
        }
    }

    /** The same plan with other steps, seeds and test prompts (the quick mode). */
    public ExperimentPlan scaled(int steps, int newSeeds, int testPrompts) {
        return new ExperimentPlan(config, settings.scaled(steps, testPrompts), kTrains, newSeeds, kMax, ns, mEqualsN);
    }

    /** The same plan with another architecture. */
    public ExperimentPlan withConfig(TransformerConfig c) {
        return new ExperimentPlan(c, settings, kTrains, seeds, kMax, ns, mEqualsN);
    }

    /** The same plan with another first seed. */
    public ExperimentPlan withSeed(long seed) {
        return new ExperimentPlan(config, settings.withSeed(seed), kTrains, seeds, kMax, ns, mEqualsN);
    }
}
