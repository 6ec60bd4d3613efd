package org.taskmix.catalog;

import java.util.List;

/**
 * Problem-level settings (docs/theory.md §2–§4).
 *
 * @param n  default training prompt length (examples per prompt)
 * @param m  test prompt length on the target
 * @param k  CoT lengths at which errors are reported, ascending, each ≥ 1
 * @param train how the validation layer trains and evaluates the model
 */
public record Settings(int n, int m, List<Integer> k, TrainingSettings train) {

    /** Defaults used when a problem file has no settings: n = 20, m = 40, k = 1, 2, 4, 8, 16. */
    public static final Settings DEFAULT = new Settings(20, 40, List.of(1, 2, 4, 8, 16), TrainingSettings.DEFAULT);

    /** Settings with the default training settings. */
    public Settings(int n, int m, List<Integer> k) {
        this(n, m, k, TrainingSettings.DEFAULT);
    }

    public Settings {
        train = train == null ? TrainingSettings.DEFAULT : train;
        if (n < 1) {
            throw new IllegalArgumentException("settings.n: value " + n + " must be >= 1");
        }
        if (m < 1) {
            throw new IllegalArgumentException("settings.m: value " + m + " must be >= 1");
        }
        k = List.copyOf(k);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("settings.k: must list at least one CoT length");
        }
        for (int i = 0; i < k.size(); i++) {
            if (k.get(i) < 1) {
                throw new IllegalArgumentException("settings.k[" + i + "]: value " + k.get(i) + " must be >= 1");
            }
            if (i > 0 && k.get(i) <= k.get(i - 1)) {
                throw new IllegalArgumentException("settings.k[" + i + "]: value " + k.get(i)
                        + " must exceed the previous entry " + k.get(i - 1) + " (ascending)");
            }
        }
    }

    /** Largest CoT length listed. */
    public int kMax() {
        return k.get(k.size() - 1);
    }
}
