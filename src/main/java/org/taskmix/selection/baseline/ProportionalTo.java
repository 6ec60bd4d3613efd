package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/**
 * A baseline whose weights are proportional to one score per task (hardness, relevance, ...):
 * the rule is {@link BaselineContext#proportional(String, java.util.function.IntToDoubleFunction, String)},
 * so such a baseline is its name, its help line, its score and its note, not a class of its own.
 */
public final class ProportionalTo extends Baseline {

    /** A task's score on a problem. */
    @FunctionalInterface
    public interface Score {
        /** The score of task {@code task} (non-negative; the rule normalises the scores). */
        double of(BaselineContext context, int task);
    }

    private final Score score;
    private final String note;

    /**
     * @param name        the name users type
     * @param description one line for help texts
     * @param score       the score per task
     * @param note        how the mixture was made, as shown beside it
     */
    public ProportionalTo(String name, String description, Score score, String note) {
        super(name, description);
        this.score = score;
        this.note = note;
    }

    /** {@code hardness}: proportional to {@code tr/λ_min} (on the support for a singular task). */
    public static ProportionalTo hardness() {
        return new ProportionalTo("hardness", "proportional to hardness tr/lambda_min",
                BaselineContext::finiteHardness, "proportional to hardness tr/lambda_min (on the support if singular)");
    }

    /** {@code relevance}: proportional to relevance to the target(s) (negative relevance counts 0). */
    public static ProportionalTo relevance() {
        return new ProportionalTo("relevance", "proportional to relevance to the target(s)",
                BaselineContext::relevance, "proportional to relevance to the target(s)");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        return c.proportional(name(), i -> score.of(c, i), note);
    }
}
