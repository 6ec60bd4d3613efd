package org.taskmix.selection;

import java.util.Objects;

import org.taskmix.linalg.Doubles;

/**
 * The answer of a selection solver.
 *
 * @param status           outcome; {@link Status#OPTIMAL} only if our certificate passed
 * @param weights          mixture weights in task order; always feasible within
 *                         the certificate's residuals, whatever the status
 * @param objective        objective value at {@code weights}
 * @param certificate      our optimality check at {@code weights}
 * @param targetObjectives per target, {@code ‖I − Σ_k⁻¹Λ̄‖_F²} at {@code weights}
 * @param solver           name of the solver configuration
 * @param backendStatus    the backend's own verdict, verbatim (e.g. ojAlgo's state), for diagnosis
 * @param iterations       iterations used (backend's count where it reports one)
 * @param seconds          wall time of the solve, excluding building the problem
 * @param message          why the status is not OPTIMAL, or empty
 */
public record SelectionResult(Status status, Doubles weights, double objective, Certificate certificate,
                              Doubles targetObjectives, String solver, String backendStatus, long iterations,
                              double seconds, String message) {

    public SelectionResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(solver, "solver");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(targetObjectives, "targetObjectives");
        backendStatus = backendStatus == null ? "" : backendStatus;
        message = message == null ? "" : message;
    }

    /**
     * Builds a result from final weights: computes the certificate and decides the status.
     *
     * @param claimedConverged true if the backend says it met its own stopping rule
     * @param fallback         a status to use instead of NOT_CONVERGED/INACCURATE when the check
     *                         fails (e.g. FAILED after a backend breakdown), or null
     */
    static SelectionResult of(SelectionProblem problem, double[] weights, double[] lambdaHint, Tolerances tol,
                              boolean claimedConverged, Status fallback, String solver, String backendStatus,
                              long iterations, double seconds, String note) {
        return of(problem, weights, lambdaHint, tol, claimedConverged, fallback, solver, backendStatus, iterations,
                seconds, note, null);
    }

    /**
     * As {@link #of(SelectionProblem, double[], double[], Tolerances, boolean, Status, String, String,
     * long, double, String)}, with the problem evaluated at {@code weights} once for the certificate
     * and the per-target values: {@code known} if it was made at {@code weights}, else a new
     * evaluation (the last one is reused when it matches).
     */
    static SelectionResult of(SelectionProblem problem, double[] weights, double[] lambdaHint, Tolerances tol,
                              boolean claimedConverged, Status fallback, String solver, String backendStatus,
                              long iterations, double seconds, String note, Evaluation known) {
        Evaluation e = known != null && known.isAt(weights) ? known : null;
        Certificate c = Certifier.certify(problem, weights, lambdaHint, tol, e);
        if (e == null) {
            // The certificate has checked the weights (finite, right length) and evaluated there.
            e = problem.evaluate(weights, null);
        }
        Status status;
        String message;
        if (c.passes(tol)) {
            status = Status.OPTIMAL;
            message = "";
        } else {
            status = fallback != null ? fallback : claimedConverged ? Status.INACCURATE : Status.NOT_CONVERGED;
            message = c.failures(tol);
            if (note != null && !note.isEmpty()) {
                message = note + "; " + message;
            }
        }
        return new SelectionResult(status, Doubles.of(weights), c.objective(), c,
                Doubles.of(problem.targetObjectives(e)), solver,
                backendStatus, iterations, seconds, message);
    }
}
