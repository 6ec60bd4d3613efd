package org.taskmix.selection;

/**
 * Outcome of a solve. Only {@link #OPTIMAL} means the weights passed our own certificate check
 * ({@link Certificate#passes}); every other status still comes with feasible weights and their
 * certificate, so a caller can judge how far from optimal they are. Each backend maps its own
 * states onto these explicitly (see {@code OjAlgoSolver.status} and {@link ActiveSetSolver}).
 */
public enum Status {
    /** Our certificate passed at the configured tolerances (gap, feasibility, KKT). */
    OPTIMAL,
    /**
     * The solver stopped at its iteration or time limit (or its own convergence test said "not
     * yet") and the certificate does not pass: the weights are feasible but not proven optimal.
     */
    NOT_CONVERGED,
    /**
     * The solver reported convergence but our certificate does not pass: its own stopping rule
     * was looser than ours, or rounding spoiled the answer. The weights are feasible.
     */
    INACCURATE,
    /**
     * The backend reported the constraints infeasible. Constraints are checked before solving, so
     * this signals numerical trouble in the backend; the weights are a feasible fallback.
     */
    INFEASIBLE,
    /**
     * The backend reported the problem unbounded, which a bounded feasible set excludes: numerical
     * trouble; the weights are a feasible fallback.
     */
    UNBOUNDED,
    /**
     * The backend failed or returned no usable numbers (missing or non-finite weights); the
     * weights are a feasible fallback (the best of the backend's answer projected onto the
     * feasible set, or a feasible point).
     */
    FAILED;

    /** True only for {@link #OPTIMAL}. */
    public boolean isOptimal() {
        return this == OPTIMAL;
    }
}
