package org.taskmix.selection;

/**
 * The automatic choice of solver by problem size.
 *
 * <p>Measured (2 cores, other builds running; see the selection report): on random catalogs,
 * ojAlgo's active-set method takes about 0.2 s at T = 100 and 3 s at T = 300 and grows roughly
 * with T³, while taskmix's active-set method is below 0.1 s up to T = 5,000 at d = 16. ojAlgo is
 * an independent, widely used solver, which is worth a little time when it costs little, so
 * catalogs up to {@link #OJALGO_MAX_TASKS} tasks go to it; larger ones, robust mode, and problems
 * whose {@code T × T} matrix would be large go to the large-scale solver.
 */
public final class Solvers {

    /** Largest catalog sent to ojAlgo by default (ojAlgo ≈ 0.05 s here, measured). */
    public static final int OJALGO_MAX_TASKS = 50;

    private Solvers() {
    }

    /** The settings chosen for {@code problem}. */
    public static SolverSettings choose(SelectionProblem problem) {
        if (problem.size() <= OJALGO_MAX_TASKS && !problem.isRobust()) {
            return SolverSettings.OJALGO_ACTIVE_SET;
        }
        return SolverSettings.LARGE_SCALE;
    }
}
