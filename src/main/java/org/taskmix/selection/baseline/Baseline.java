package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/**
 * One baseline mixture rule, scored on the same objective as the optimum (docs/theory.md §12).
 * Adding a baseline is one class implementing this interface plus its line in
 * {@link org.taskmix.selection.Baselines#ALL}; every command that takes a mixture name
 * ({@code compare}, {@code validate}, {@code predict}, {@code demo}) then knows it.
 */
public interface Baseline {

    /** The name users type ({@code --mixtures NAME}); lower case, no colon. */
    String name();

    /** One line for help texts: what the weights are proportional to. */
    String description();

    /**
     * The mixture on {@code context}'s problem, or empty if the rule does not apply there (e.g.
     * {@code size} when a task has no size). The result must respect the weight limits: build it
     * with {@link BaselineContext#feasible} or one of the helpers that call it.
     */
    Optional<Mixture> mixture(BaselineContext context);
}
