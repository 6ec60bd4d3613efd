package org.taskmix.selection;

/**
 * A solver of the selection program: problem in, result out. A non-optimal outcome is a
 * {@link Status}, never an exception; exceptions mean a problem the solver cannot take at all
 * ({@link #supports}).
 */
public interface SelectionSolver {

    /** Name of the configuration (e.g. "ojalgo-active-set"). */
    String name();

    /** Null if this solver handles {@code problem}, else why not (one line). */
    default String unsupported(SelectionProblem problem) {
        return null;
    }

    /**
     * Solves {@code problem}.
     *
     * @throws IllegalArgumentException if {@link #unsupported} is non-null for it
     */
    SelectionResult solve(SelectionProblem problem);
}
