package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/** {@code hardness}: proportional to {@code tr/λ_min} (on the support for a singular task). */
public final class Hardness extends Baseline {

    /** The baseline. */
    public Hardness() {
        super("hardness", "proportional to hardness tr/lambda_min");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        return c.proportional(name(), c::finiteHardness, "proportional to hardness tr/lambda_min (on the support if singular)");
    }
}
