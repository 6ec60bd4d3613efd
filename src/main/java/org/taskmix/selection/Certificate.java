package org.taskmix.selection;

/**
 * Evidence that a weight vector is (or is not) optimal, computed in the reduced form without the
 * {@code T × T} matrix.
 *
 * @param objective       objective value at the weights
 * @param gap             duality gap: {@code objective − lowerBound ≥ f(π) − f*}. For the weighted-sum
 *                        program it is the Frank–Wolfe gap {@code gᵀπ − min_{s feasible} gᵀs}; in
 *                        robust mode it uses the best linearisation bound over target weightings
 *                        {@code λ} (see {@link Certifier})
 * @param lowerBound      a certified lower bound on the optimal value
 * @param primalResidual  {@code |Σπ − 1|}
 * @param boundViolation  {@code max_ℓ max(lower_ℓ − π_ℓ, π_ℓ − upper_ℓ, 0)} (a negative weight shows here)
 * @param kktResidual     stationarity residual {@code min_ν max_ℓ viol_ℓ(ν)}: {@code |g_ℓ − ν|} for weights
 *                        strictly inside their bounds, {@code (ν − g_ℓ)⁺} at a lower bound,
 *                        {@code (g_ℓ − ν)⁺} at an upper bound
 * @param multiplier      the {@code ν} attaining it (the marginal value of weight)
 * @param gradientScale   {@code ‖g‖_∞}, the scale of the KKT residual
 * @param targetWeights   robust mode: the target weighting {@code λ} behind the bound; else all 1
 */
public record Certificate(double objective, double gap, double lowerBound, double primalResidual,
                          double boundViolation, double kktResidual, double multiplier, double gradientScale,
                          double[] targetWeights) {

    public Certificate {
        targetWeights = targetWeights.clone();
    }

    @Override
    public double[] targetWeights() {
        return targetWeights.clone();
    }

    /** True if every part of the check passes at {@code tol}. */
    public boolean passes(Tolerances tol) {
        return gapPasses(tol) && feasible(tol) && kktPasses(tol);
    }

    /** The gap passes. */
    public boolean gapPasses(Tolerances tol) {
        return gap <= tol.gapAllowed(objective);
    }

    /** Primal feasibility passes. */
    public boolean feasible(Tolerances tol) {
        return primalResidual <= tol.feasibility() && boundViolation <= tol.feasibility();
    }

    /** KKT stationarity passes. */
    public boolean kktPasses(Tolerances tol) {
        return kktResidual <= tol.kkt() * Math.max(1, gradientScale);
    }

    /** Which parts fail, for messages; empty if none. */
    public String failures(Tolerances tol) {
        StringBuilder sb = new StringBuilder();
        if (!gapPasses(tol)) {
            sb.append("gap ").append(gap).append(" > ").append(tol.gapAllowed(objective)).append("; ");
        }
        if (primalResidual > tol.feasibility()) {
            sb.append("|sum - 1| ").append(primalResidual).append(" > ").append(tol.feasibility()).append("; ");
        }
        if (boundViolation > tol.feasibility()) {
            sb.append("bound violation ").append(boundViolation).append(" > ").append(tol.feasibility()).append("; ");
        }
        if (!kktPasses(tol)) {
            sb.append("KKT residual ").append(kktResidual).append(" > ").append(tol.kkt() * Math.max(1, gradientScale))
                    .append("; ");
        }
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
    }
}
