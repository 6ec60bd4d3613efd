package org.taskmix.selection;

import java.util.Arrays;

/**
 * A selection problem evaluated at one weight vector: the residual {@code r = Aπ − b}, its block
 * values and, when asked for, the weighted-sum gradient, each computed by the
 * {@link SelectionProblem} methods that compute them elsewhere, so a value taken from here has the
 * bits of a fresh call.
 *
 * <p>Why: at d = 4096 the residual and the gradient are each a pass over a 1.3 GB matrix plus a
 * fresh 67 MB array, and the solver's last check, the certificate, the per-target values and the
 * explanation all want them at the same weights. Read-only once made (the arrays are shared, never
 * written again).
 */
final class Evaluation {

    private final SelectionProblem problem;
    private final double[] weights;
    private final double[] residual;
    private final double[] blockValues;
    /** The gradient {@code SelectionProblem.gradient(weights, residual, null, ·)}, or null until asked. */
    private double[] gradient;

    /**
     * @param weights     the weights (kept, not copied)
     * @param residual    {@code problem.residual(weights, ·)}
     * @param blockValues {@code problem.blockValues(residual)}
     * @param gradient    {@code problem.gradient(weights, residual, null, ·)}, or null to compute
     *                    when asked
     */
    Evaluation(SelectionProblem problem, double[] weights, double[] residual, double[] blockValues,
               double[] gradient) {
        this.problem = problem;
        this.weights = weights;
        this.residual = residual;
        this.blockValues = blockValues;
        this.gradient = gradient;
    }

    /** True if made at exactly the bits of {@code pi}. */
    boolean isAt(double[] pi) {
        return Arrays.equals(weights, pi);
    }

    /** The residual; shared, must not be written. */
    double[] residualUnsafe() {
        return residual;
    }

    /** The block values (a copy). */
    double[] blockValues() {
        return blockValues.clone();
    }

    /** The weighted-sum gradient ({@code λ} all ones), computed on first call; shared, must not be written. */
    synchronized double[] gradientUnsafe() {
        if (gradient == null) {
            double[] g = new double[weights.length];
            problem.gradient(weights, residual, null, g);
            gradient = g;
        }
        return gradient;
    }
}
