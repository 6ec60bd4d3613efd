package org.taskmix.selection;

import java.util.Objects;

/**
 * A named mixture (weights in catalog order): the optimum or a baseline. Other layers score a
 * {@code List<Mixture>} with their own columns (theory: predicted error vs k, k*; validation:
 * measured error).
 *
 * @param name    e.g. "optimal", "uniform", "easy-only"
 * @param weights weights in catalog order (a copy is kept)
 * @param note    how it was made or adjusted (e.g. "projected onto the weight limits"), or empty
 */
public record Mixture(String name, double[] weights, String note) {

    public Mixture {
        Objects.requireNonNull(name, "name");
        weights = weights.clone();
        note = note == null ? "" : note;
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("mixture " + name + ": weight [" + i + "] = " + weights[i]
                        + " is not finite");
            }
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
