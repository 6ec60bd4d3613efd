package org.taskmix.selection;

/**
 * Variants of the selection program.
 *
 * @param robust if true, minimise the worst target's objective {@code max_k f_k(π)} instead of the
 *               weighted sum {@code Σ_k w_k f_k(π)}; target weights are then not used
 * @param prior  a prior pull {@code γ‖π − π_prior‖²}, or null for none
 */
public record SelectionOptions(boolean robust, Prior prior) {

    /** The plain program: weighted sum over targets, no prior. */
    public static final SelectionOptions DEFAULT = new SelectionOptions(false, null);
}
