package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;

/**
 * One baseline mixture rule, scored on the same objective as the optimum (docs/theory.md §12).
 * Adding a baseline is one subclass plus its line in {@link org.taskmix.selection.Baselines#ALL};
 * every command that takes a mixture name ({@code compare}, {@code validate}, {@code predict},
 * {@code demo}) then knows it.
 */
public abstract class Baseline {

    private final String name;
    private final String description;

    /**
     * @param name        the name users type ({@code --mixtures NAME}): lower case, no colon
     * @param description one line for help texts: what the weights are proportional to
     */
    protected Baseline(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The name users type. */
    public final String name() {
        return name;
    }

    /** One line for help texts and errors. */
    public final String description() {
        return description;
    }

    /**
     * The mixture on {@code context}'s problem, or empty if the rule does not apply there (e.g.
     * {@code size} when a task has no size). The result must respect the weight limits: build it
     * with {@link BaselineContext#feasible} or one of the helpers that call it.
     */
    public abstract Optional<Mixture> mixture(BaselineContext context);
}
