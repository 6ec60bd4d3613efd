package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;

class CertificateAndConstraintsTest {

    private final SelectionProblem hand = SelectionProblem.from(Fixtures.handDerived(WeightLimits.NONE));

    @Test
    void theExactOptimumIsCertifiedAndAPerturbedOneIsNot() {
        Certificate c = Certifier.certify(hand, new double[] {0.7, 0.3, 0}, Tolerances.DEFAULT);
        assertTrue(c.passes(Tolerances.DEFAULT), c.failures(Tolerances.DEFAULT));
        assertEquals(0.1, c.objective(), 1e-15);
        assertEquals(-0.6, c.multiplier(), 1e-12);
        // Moving 1e-4 from a to c: f rises by about 0.44e-4 and the gap shows it.
        Certificate p = Certifier.certify(hand, new double[] {0.6999, 0.3, 0.0001}, Tolerances.DEFAULT);
        assertFalse(p.passes(Tolerances.DEFAULT));
        assertTrue(p.gap() > 4e-5 && p.gap() >= p.objective() - 0.1, "gap " + p.gap());
        assertTrue(p.lowerBound() <= 0.1 + 1e-15);
    }

    @Test
    void infeasibleWeightsFailThePrimalCheck() {
        Certificate neg = Certifier.certify(hand, new double[] {0.71, 0.3, -0.01}, Tolerances.DEFAULT);
        assertEquals(0.01, neg.boundViolation(), 1e-15);
        assertFalse(neg.passes(Tolerances.DEFAULT));
        Certificate sum = Certifier.certify(hand, new double[] {0.7, 0.31, 0}, Tolerances.DEFAULT);
        assertEquals(0.01, sum.primalResidual(), 1e-15);
        assertFalse(sum.passes(Tolerances.DEFAULT));
    }

    @Test
    void theGapBoundsTheTrueSuboptimalityOnRandomPoints() {
        SelectionProblem p = RandomSelectionProblems.problem(8, 4, 20);
        double fstar = SolverSettings.LARGE_SCALE.create().solve(p).objective();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int rep = 0; rep < 20; rep++) {
            double[] w = new double[20];
            for (int i = 0; i < 20; i++) {
                w[i] = r.nextDouble();
            }
            p.bounds().project(w, w);
            Certificate c = Certifier.certify(p, w, Tolerances.DEFAULT);
            assertTrue(c.objective() - fstar <= c.gap() + 1e-12, "gap must bound f - f*");
        }
    }

    private static Problem withLimits(WeightLimits a, WeightLimits b, WeightLimits c) {
        Problem h = Fixtures.handDerived(WeightLimits.NONE);
        List<Task> ts = h.catalog().tasks();
        return new Problem("x", "", new Catalog(List.of(ts.get(0).withLimits(a), ts.get(1).withLimits(b),
                ts.get(2).withLimits(c))), h.targets(), Settings.DEFAULT, "test");
    }

    @Test
    void minimumWeightsAboveOneAreRejectedNamingTheTasks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelectionProblem.from(
                withLimits(new WeightLimits(0.6, 1, null), WeightLimits.NONE, new WeightLimits(0, 1, 0.5))));
        assertEquals("infeasible weight constraints: the minimum and fixed weights of a (minWeight 0.6),"
                + " c (fixedWeight 0.5) sum to 1.1 > 1", e.getMessage());
    }

    @Test
    void maximumWeightsBelowOneAreRejectedNamingTheTasks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelectionProblem.from(
                withLimits(new WeightLimits(0, 0.3, null), new WeightLimits(0, 0.2, null), new WeightLimits(0, 1, 0.1))));
        assertEquals("infeasible weight constraints: every task has a maximum or fixed weight and they sum to"
                + " 0.6 < 1 (a (maxWeight 0.3), b (maxWeight 0.2), c (fixedWeight 0.1)), so the"
                + " weights cannot sum to 1", e.getMessage());
    }

    @Test
    void aTargetNoTaskCoversStillSolvesAndSaysCoverageIsMissing() {
        // Both tasks live on x0 only; the target needs x1 too. f = (1 − x)² + 1 is minimised at
        // full weight on the stronger task's right share: Λ̄ = diag(π_a + 2π_b, 0).
        List<Task> ts = List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0)), Task.of("b", SymmetricMatrix.diagonal(2, 0)));
        Problem pr = new Problem("gap", "", new Catalog(ts), List.of(Target.of("I", SymmetricMatrix.identity(2))),
                Settings.DEFAULT, "test");
        Selection.Solution s = Selection.solve(pr, SelectionOptions.DEFAULT, SolverSettings.LARGE_SCALE);
        assertEquals(Status.OPTIMAL, s.result().status());
        assertEquals(1.0, s.result().objective(), 1e-12);
        Explanation.TargetCoverage cov = s.explanation().targets().get(0);
        assertTrue(cov.coverageMissing());
        assertEquals(1, cov.uncovered().size());
        Explanation.Direction d = cov.uncovered().get(0);
        assertEquals("missing", d.kind());
        assertEquals(0, d.eigenvalue(), 1e-12);
        assertEquals(1, Math.abs(d.direction().get(1)), 1e-12);
    }

    @Test
    void reducedGradientsExplainTheHandDerivedOptimum() {
        Selection.Solution s = Selection.solve(Fixtures.handDerived(WeightLimits.NONE), SelectionOptions.DEFAULT, null);
        List<Explanation.TaskExplanation> t = s.explanation().tasks();
        assertEquals(0, t.get(0).reducedGradient(), 1e-9);
        assertEquals(0, t.get(1).reducedGradient(), 1e-9);
        // g_c − ν = −0.16 − (−0.6) = 0.44: adding c would raise the objective.
        assertEquals(0.44, t.get(2).reducedGradient(), 1e-9);
    }

    @Test
    void noBaselineBeatsTheOptimumAndGroupsGiveEasyAndHardOnly() {
        for (Problem pr : List.of(Fixtures.handDerived(WeightLimits.NONE),
                Fixtures.handDerived(new WeightLimits(0, 0.5, null)))) {
            Selection.Solution s = Selection.solve(pr, SelectionOptions.DEFAULT, null);
            List<ScoredMixture> all = s.compare();
            double opt = all.get(0).objective();
            List<String> names = all.stream().map(m -> m.mixture().name()).toList();
            assertEquals(List.of("surrogate", "uniform", "size", "hardness", "relevance", "best-single", "easy-only",
                    "hard-only", "target-nearest"), names);
            for (ScoredMixture m : all) {
                assertTrue(m.objective() >= opt - 1e-12, m.mixture().name() + " beats the optimum");
                assertTrue(s.program().bounds().contains(m.mixture().weights(), 1e-12), m.mixture().name());
            }
        }
        Selection.Solution s = Selection.solve(Fixtures.handDerived(new WeightLimits(0, 0.5, null)),
                SelectionOptions.DEFAULT, null);
        ScoredMixture easy = s.compare().stream().filter(m -> m.mixture().name().equals("easy-only")).findFirst()
                .orElseThrow();
        // easy-only is (1/2, 0, 1/2): feasible under a ≤ 0.5, so not projected.
        assertEquals(0.5, easy.mixture().weights()[0], 0);
        assertEquals(0.5, easy.mixture().weights()[2], 0);
        ScoredMixture single = s.compare().stream().filter(m -> m.mixture().name().equals("best-single")).findFirst()
                .orElseThrow();
        assertTrue(single.mixture().note().contains("projected"), single.mixture().note());
    }

    @Test
    void robustModeMatchesAnIndependentDualComputation() {
        // Two targets: max_k f_k(π) = max_λ min_π [λ f_1 + (1−λ) f_2] (convex-concave). The inner
        // minimum is a weighted-sum program solved exactly by ojAlgo (polished) for each λ; a
        // golden-section search over λ gives the robust optimum independently.
        SelectionProblem robust = RandomSelectionProblems.problem(21, 3, 12, BoundedSimplex.simplex(12),
                new SelectionOptions(true, null), 2);
        SelectionResult r = SolverSettings.LARGE_SCALE.create().solve(robust);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        // The first-order configuration smooths the max over targets and reaches relative gaps
        // near 1e-7 here, not 1e-9; what must hold for it is that its certificate is honest.
        SelectionResult fo = new FirstOrderSolver("fo", Tolerances.DEFAULT, 20_000, 60).solve(robust);
        assertTrue(fo.certificate().gap() <= 1e-5 * fo.objective(), "gap " + fo.certificate().gap());
        assertEquals(fo.status() == Status.OPTIMAL, fo.certificate().passes(Tolerances.DEFAULT));
        assertTrue(fo.certificate().lowerBound() <= r.objective() + 1e-12);
        double lo = 0;
        double hi = 1;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 40; it++) {
            double m1 = hi - g * (hi - lo);
            double m2 = lo + g * (hi - lo);
            if (dual(m1) < dual(m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        double best = dual(0.5 * (lo + hi));
        // best = f* by strong duality (convex-concave), computed without the robust solver.
        assertEquals(best, r.objective(), 1e-8 * Math.max(1, best));
        assertTrue(r.certificate().lowerBound() <= best + 1e-12);
    }

    private static double dual(double lambda) {
        SelectionProblem p = RandomSelectionProblems.problem(21, 3, 12, BoundedSimplex.simplex(12),
                SelectionOptions.DEFAULT, 2);
        // Rebuild the blocks with weights λ and 1 − λ by scaling rows: f = λ f_1 + (1−λ) f_2.
        int rows = p.rows();
        int half = rows / 2;
        double[] a = p.matrix();
        double[] b = p.target();
        double s1 = Math.sqrt(lambda);
        double s2 = Math.sqrt((1 - lambda) / 2); // block 2 was built with √2 (target weight 2)
        for (int l = 0; l < p.size(); l++) {
            for (int i = 0; i < rows; i++) {
                a[l * rows + i] *= i < half ? s1 : s2;
            }
        }
        for (int i = 0; i < rows; i++) {
            b[i] *= i < half ? s1 : s2;
        }
        SelectionProblem w = SelectionProblem.leastSquares(p.names(), rows, a, b, p.bounds());
        return SolverSettings.OJALGO_ACTIVE_SET.create().solve(w).objective();
    }
}
