package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/** {@code relevance}: proportional to relevance to the target(s) (negative relevance counts 0). */
public final class Relevance extends Baseline {

    /** The baseline. */
    public Relevance() {
        super("relevance", "proportional to relevance to the target(s)");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.relevance(i);
        }
        return c.proportional(name(), v, "proportional to relevance to the target(s)");
    }
}
