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
        return c.proportional(name(), c::relevance, "proportional to relevance to the target(s)");
    }
}
