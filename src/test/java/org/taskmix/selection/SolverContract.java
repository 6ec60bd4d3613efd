package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.WeightLimits;

/**
 * The contract every selection solver meets, run against each implementation by a subclass:
 * it solves every problems/*.json, the hand-derived problem and seeded random problems (with and
 * without bounds and a prior) to a certified optimum whose objective agrees with the reference
 * (taskmix's active-set method, cross-checked against ojAlgo by the ojAlgo subclasses) to
 * {@link Fixtures#AGREE}, respecting every bound.
 */
abstract class SolverContract {

    abstract SelectionSolver solver();

    /** False for problems too large for this solver within test time. */
    boolean handles(SelectionProblem p) {
        return true;
    }

    private static final SelectionSolver REFERENCE = SolverSettings.LARGE_SCALE.create();

    static List<SelectionProblem> randomProblems() {
        List<SelectionProblem> out = new ArrayList<>();
        out.add(RandomSelectionProblems.problem(1, 3, 8));
        out.add(RandomSelectionProblems.problem(2, 4, 25));
        out.add(RandomSelectionProblems.problem(3, 6, 60));
        double[] lo = new double[40];
        double[] hi = new double[40];
        java.util.Arrays.fill(hi, 1);
        lo[3] = 0.1;
        hi[5] = 0.05;
        hi[7] = 0.02;
        lo[9] = 0.07;
        hi[9] = 0.07;
        out.add(RandomSelectionProblems.problem(4, 5, 40, new BoundedSimplex(lo, hi), SelectionOptions.DEFAULT, 1));
        out.add(RandomSelectionProblems.problem(5, 4, 30, BoundedSimplex.simplex(30), SelectionOptions.DEFAULT, 3));
        out.add(RandomSelectionProblems.problem(6, 4, 30, BoundedSimplex.simplex(30),
                new SelectionOptions(false, Prior.uniform(30, 0.5)), 1));
        return out;
    }

    private void check(SelectionProblem p, String what) {
        if (!handles(p)) {
            return;
        }
        SelectionResult r = solver().solve(p);
        assertEquals(Status.OPTIMAL, r.status(), what + ": " + r.message() + " / " + r.backendStatus());
        SelectionResult ref = REFERENCE.solve(p);
        assertEquals(Status.OPTIMAL, ref.status(), what + " (reference): " + ref.message());
        assertEquals(ref.objective(), r.objective(), Fixtures.AGREE * Math.max(1, Math.abs(ref.objective())), what);
        double[] w = r.weights().toArray();
        double sum = 0;
        for (int l = 0; l < w.length; l++) {
            assertTrue(w[l] >= p.bounds().lower(l) - 1e-9 && w[l] <= p.bounds().upper(l) + 1e-9,
                    what + ": weight " + l + " = " + w[l] + " outside its bounds");
            sum += w[l];
        }
        assertEquals(1, sum, 1e-9, what);
        // The certificate in the result is the one our certifier computes for these weights.
        assertEquals(Certifier.certify(p, w, Tolerances.DEFAULT).gap(), r.certificate().gap(), 1e-12, what);
    }

    @Test
    void solvesEveryProblemFile() {
        for (Problem problem : Fixtures.problemFiles()) {
            check(SelectionProblem.from(problem), problem.source());
        }
    }

    @Test
    void solvesSeededRandomProblems() {
        int i = 0;
        for (SelectionProblem p : randomProblems()) {
            check(p, "random problem " + i++);
        }
    }

    @Test
    void findsTheHandDerivedOptimum() {
        SelectionProblem p = SelectionProblem.from(Fixtures.handDerived(WeightLimits.NONE));
        SelectionResult r = solver().solve(p);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        double[] w = r.weights().toArray();
        assertEquals(0.7, w[0], 1e-9);
        assertEquals(0.3, w[1], 1e-9);
        assertEquals(0.0, w[2], 1e-9);
        assertEquals(0.1, r.objective(), 1e-12);
    }

    @Test
    void respectsAMaximumWeightAsDerivedByHand() {
        // With π_a ≤ 0.5: π_a = 0.5, π_b = y, π_c = 0.5 − y, f = (0.4 + 0.2y)² + (0.9 − 2.8y)²,
        // f' = 15.76y − 4.88 = 0 at y = 61/197.
        SelectionProblem p = SelectionProblem.from(Fixtures.handDerived(new WeightLimits(0, 0.5, null)));
        SelectionResult r = solver().solve(p);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        double y = 61.0 / 197.0;
        double[] w = r.weights().toArray();
        assertEquals(0.5, w[0], 1e-9);
        assertEquals(y, w[1], 1e-9);
        assertEquals(0.5 - y, w[2], 1e-9);
        double f = Math.pow(0.4 + 0.2 * y, 2) + Math.pow(0.9 - 2.8 * y, 2);
        assertEquals(f, r.objective(), 1e-12);
    }

    @Test
    void respectsAFixedAndAMinimumWeight() {
        // π_c fixed at 0.2: the optimum over a, b of (1 − 0.2·… ) is checked against the reference;
        // here only the bounds and certification are asserted, the value by the reference.
        SelectionProblem fixed = SelectionProblem.from(Fixtures.handDerived(new WeightLimits(0, 1, 0.25)));
        SelectionResult r = solver().solve(fixed);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        assertEquals(0.25, r.weights().get(0), 1e-12);
        SelectionProblem min = SelectionProblem.from(Fixtures.handDerived(new WeightLimits(0.8, 1, null)));
        SelectionResult m = solver().solve(min);
        assertEquals(Status.OPTIMAL, m.status(), m.message());
        assertEquals(0.8, m.weights().get(0), 1e-9);
        // At π_a = 0.8 the rest is shared by b and c: f = 0.04·… is minimised by the reference too.
        assertEquals(REFERENCE.solve(min).objective(), m.objective(), 1e-10);
    }
}
