package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.catalog.Task;
import org.taskmix.selection.Mixture;

/** {@code size}: proportional to task size; only when every task has a size and they are not all 0. */
public final class Size extends Baseline {

    /** The baseline. */
    public Size() {
        super("size", "proportional to task size (every task must have one)");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        if (!c.problem().catalog().tasks().stream().allMatch(t -> t.size() != null)) {
            return Optional.empty();
        }
        double[] v = c.problem().catalog().tasks().stream().mapToDouble(Task::size).toArray();
        return c.proportional(name(), v, "proportional to task size");
    }
}
