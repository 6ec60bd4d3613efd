package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Optimisation;
import org.taskmix.catalog.WeightLimits;

/** ojAlgo without polish: its objective convention, its accuracy, and the honesty of our status. */
class OjAlgoRawTest {

    /** Measured accuracy of ojAlgo's unpolished answers on these problems (gaps 1e-8 to 1e-6). */
    private static final double OJALGO_ACCURACY = 1e-6;

    private static OjAlgoSolver raw(OjAlgoSolver.Algorithm a) {
        return new OjAlgoSolver("raw", a, Tolerances.DEFAULT, 100_000, 60, false);
    }

    @Test
    void unpolishedAnswersAgreeToOjAlgosAccuracyAndAreNeverCalledOptimalWithoutPassingOurCheck() {
        SelectionSolver ref = SolverSettings.LARGE_SCALE.create();
        for (SelectionProblem p : SolverContract.randomProblems()) {
            double fref = ref.solve(p).objective();
            for (OjAlgoSolver.Algorithm a : OjAlgoSolver.Algorithm.values()) {
                SelectionResult r = raw(a).solve(p);
                assertEquals(fref, r.objective(), OJALGO_ACCURACY * Math.max(1, fref), a.name());
                boolean passes = r.certificate().passes(Tolerances.DEFAULT);
                assertEquals(passes, r.status() == Status.OPTIMAL, a + " " + r.backendStatus());
            }
        }
    }

    @Test
    void objectiveConventionIsHalfXQXMinusCX() {
        // ojAlgo minimises ½xᵀQx − Cᵀx; with Q = 2AᵀA and C = 2Aᵀb that is f(π) − ‖b‖². Solving the
        // hand-derived problem and recomputing f from the weights gives 0.1 only if the convention
        // is the one assumed (a factor 2 error would move the optimum off (0.7, 0.3)).
        SelectionProblem p = SelectionProblem.from(Fixtures.handDerived(WeightLimits.NONE));
        SelectionResult r = raw(OjAlgoSolver.Algorithm.ACTIVE_SET).solve(p);
        assertEquals(0.7, r.weights().get(0), 1e-6);
        assertEquals(0.1, r.objective(), 1e-6);
    }

    @Test
    void everyOjAlgoStateMapsExplicitly() {
        for (Optimisation.State s : Optimisation.State.values()) {
            assertEquals(Status.OPTIMAL, OjAlgoSolver.status(s, true));
            assertNotEquals(Status.OPTIMAL, OjAlgoSolver.status(s, false), s.name());
        }
        assertEquals(Status.INACCURATE, OjAlgoSolver.status(Optimisation.State.OPTIMAL, false));
        assertEquals(Status.NOT_CONVERGED, OjAlgoSolver.status(Optimisation.State.APPROXIMATE, false));
        assertEquals(Status.INFEASIBLE, OjAlgoSolver.status(Optimisation.State.INFEASIBLE, false));
        assertEquals(Status.UNBOUNDED, OjAlgoSolver.status(Optimisation.State.UNBOUNDED, false));
        assertEquals(Status.FAILED, OjAlgoSolver.status(Optimisation.State.FAILED, false));
    }

    @Test
    void robustModeIsRefusedWithAReason() {
        SelectionProblem p = RandomSelectionProblems.problem(5, 3, 10, BoundedSimplex.simplex(10),
                new SelectionOptions(true, null), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SolverSettings.OJALGO_ACTIVE_SET.create().solve(p));
        assertEquals("solver ojalgo-active-set (ojAlgo, a QP solver) does not handle robust mode (a max of"
                + " quadratics); use --solver large-scale", e.getMessage());
    }
}
