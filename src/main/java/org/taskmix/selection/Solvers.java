package org.taskmix.selection;

/**
 * The automatic choice of solver by problem size.
 *
 * <p>Measured (random catalogs of {@link RandomSelectionProblems}, d = 16, seed 1; 2 cores with
 * other builds running, load average about 7): ojAlgo's active-set method takes 0.02 s at T = 20,
 * 0.05 s at T = 50, 0.25 s at T = 100, 1 s at T = 200 and 13 s at T = 300, and from T = 200 on
 * its answers have gaps near 1e-5 (its ADMM: 1.4–2.5 s at T = 400, 12 s at T = 800, gaps 1e-8 to
 * 5e-5). taskmix's active-set method takes under 0.06 s at every one of those sizes, exactly.
 * ojAlgo is an independent, widely used solver, worth its cost where that cost is negligible, so
 * catalogs up to {@link #OJALGO_MAX_TASKS} tasks go to it (its answer then polished and certified
 * by ours); larger ones, and robust mode (which ojAlgo's QP solver cannot express), go to the
 * large-scale solver.
 */
public final class Solvers {

    /** Largest catalog sent to ojAlgo by default (measured: ojAlgo ≈ 0.05 s there). */
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
