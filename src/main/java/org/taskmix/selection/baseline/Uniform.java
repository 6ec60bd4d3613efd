package org.taskmix.selection.baseline;

import java.util.Arrays;
import java.util.Optional;

import org.taskmix.selection.Mixture;

/** {@code uniform}: {@code 1/T} on every task. */
public final class Uniform extends Baseline {

    /** The baseline. */
    public Uniform() {
        super("uniform", "1/T on every task");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        double[] w = new double[c.size()];
        Arrays.fill(w, 1.0 / c.size());
        return Optional.of(c.feasible(name(), w, "1/T each"));
    }
}
