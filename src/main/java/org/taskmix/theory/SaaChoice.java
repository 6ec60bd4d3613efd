package org.taskmix.theory;

/**
 * What the final stage of {@link SaaSelection} chose (docs/theory.md §7.3, "final selection and
 * polish"): the candidates compared on a fresh sample, the polish on a larger sample, and the
 * paired fresh-prompt difference between the returned weights and the stopping rule's solution.
 *
 * @param candidates       candidates compared besides the rule's solution (each round's solution
 *                         and the gap replications' solutions of the last two rounds)
 * @param polishedFrom     which candidate was polished (the best on the selection sample)
 * @param selectionSamples prompts per target of the selection sample
 * @param polishSamples    prompts per target of the polish solve
 * @param polishedChosen   true if the polished point is returned; false: the rule's solution is
 * @param scoreSolution    the statistic of the rule's solution on the selection sample
 * @param scoreReturned    the statistic of the returned weights on the selection sample
 * @param checkSamples     prompts per target of the independent paired check (0 if not needed)
 * @param differenceMean   {@code J(returned) − J(rule's solution)} on the check sample
 * @param differenceLow    lower end of its 95% interval
 * @param differenceHigh   upper end of its 95% interval
 */
public record SaaChoice(int candidates, String polishedFrom, int selectionSamples, int polishSamples,
                        boolean polishedChosen, double scoreSolution, double scoreReturned, int checkSamples,
                        double differenceMean, double differenceLow, double differenceHigh) {

    /** The final stage in one clause of the SAA statement (starts with "; "). */
    public String sentence() {
        if (!polishedChosen()) {
            return String.format(java.util.Locale.ROOT, "; final stage: %d candidates compared on %d fresh prompts,"
                    + " the best (%s) re-solved on %d prompts; neither beat the rule's solution there, which is"
                    + " returned", candidates() + 1, selectionSamples(), polishedFrom(),
                    polishSamples());
        }
        return String.format(java.util.Locale.ROOT, "; final stage: %d candidates compared on %d fresh prompts,"
                + " the best (%s) re-solved on %d prompts and returned (%.4g vs %.4g for the rule's solution on"
                + " the selection prompts); the gap bound is the rule's solution's plus the upper end of the paired"
                + " difference on %d other fresh prompts (%+.3g, 95%% [%+.3g, %+.3g]), joint coverage >= 90%%",
                candidates() + 1, selectionSamples(), polishedFrom(), polishSamples(),
                scoreReturned(), scoreSolution(), checkSamples(), differenceMean(),
                differenceLow(), differenceHigh());
    }
}
