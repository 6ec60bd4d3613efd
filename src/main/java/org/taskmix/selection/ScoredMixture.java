package org.taskmix.selection;

import org.taskmix.linalg.Doubles;

/**
 * A mixture scored on the selection objective.
 *
 * @param mixture          the mixture
 * @param objective        the selection objective (same program as the optimum: targets,
 *                         robust mode and prior included)
 * @param targetObjectives per target, {@code ‖I − Σ_k⁻¹Λ̄‖_F²}
 */
public record ScoredMixture(Mixture mixture, double objective, Doubles targetObjectives) {

    /** Scores {@code m} on {@code problem}. */
    public static ScoredMixture of(SelectionProblem problem, Mixture m) {
        double[] w = m.weights();
        return new ScoredMixture(m, problem.objective(w), Doubles.of(problem.targetObjectives(w)));
    }
}
