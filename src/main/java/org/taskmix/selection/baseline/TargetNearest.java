package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/**
 * {@code target-nearest}: all weight on the single task most like the target, i.e. with the
 * highest relevance {@code cos(Σ⁻¹Λ, I)} (docs/theory.md §1); the first such task on a tie. This
 * is the curator's rule of thumb "train on the task that looks most like the downstream task",
 * which needs no solver. It differs from {@code best-single}, which minimises the objective: a
 * task can point the right way (high relevance) and still be badly scaled.
 */
public final class TargetNearest extends Baseline {

    /** The baseline. */
    public TargetNearest() {
        super("target-nearest", "the single task with the highest relevance to the target(s)");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        int best = 0;
        for (int i = 1; i < c.size(); i++) {
            if (c.relevance(i) > c.relevance(best)) {
                best = i;
            }
        }
        String task = c.problem().catalog().task(best).name();
        return Optional.of(c.single(name(), best, "task " + task + " alone (relevance "
                + (float) c.relevance(best) + ")"));
    }
}
