package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.BoundedSimplex;

class ExactSelectionTest {

    /** Weights stay feasible up to the rounding of convex combinations (a few ulps of 1). */
    private static final double FEASIBILITY = 1e-12;

    /**
     * The test-only surrogate solver runs a fixed number of 1/L steps, so its point is optimal to
     * a few digits; the surrogate value at the exact solution may be below it by that much.
     */
    private static final double SURROGATE_ACCURACY = 1e-6;

    private static Problem paperLikeSmall() {
        return Fixtures.paperLike(8, 2, 10, 40, 20, 3);
    }

    @Test
    void neverWorseThanTheSurrogateSolution() {
        Problem problem = paperLikeSmall();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        for (int k : new int[] {1, 4, 16}) {
            for (OptionalInt m : List.of(OptionalInt.empty(), OptionalInt.of(20))) {
                if (m.isPresent() && k > 4) {
                    continue;
                }
                ExactSelection.Result r = ExactSelection.solve(problem, k, m, start, feasible,
                        new ExactSelection.Settings(300, 1e-6, 0, new ExactObjective.Sampling(8, 1, true)));
                String label = "K=" + k + " m=" + (m.isPresent() ? m.getAsInt() : "inf") + ": " + r.status();
                assertTrue(r.atResult().exact() <= r.atStart().exact(), label);
                assertTrue(feasible.contains(r.weights().toArray(), FEASIBILITY), label);
                assertTrue(r.atResult().surrogate() >= r.atStart().surrogate() * (1 - SURROGATE_ACCURACY),
                        label + ": the start minimises the surrogate");
                assertNotEquals(ExactSelection.Status.NOT_FINITE, r.status(), label);
                // The reported objectives are the objectives at the reported points.
                ExactObjective obj = new ExactObjective(problem, k, m, problem.settings().n(),
                        new ExactObjective.Sampling(8, 1, true));
                assertEquals(obj.value(r.weights().toArray()), r.atResult().exact(), 0.0, label);
                assertEquals(obj.surrogate(r.start().toArray()), r.atStart().surrogate(), 0.0, label);
                if (r.status() == ExactSelection.Status.CONVERGED) {
                    assertTrue(r.frankWolfeGap() <= 1e-6 * r.atResult().exact(), label);
                }
            }
        }
    }

    @Test
    void convergedSolutionSatisfiesKktAndRespectsWeightLimits() {
        Random rng = new Random(9);
        int d = 6;
        List<Task> tasks = new ArrayList<>();
        WeightLimits[] limits = {new WeightLimits(0, 1, 0.1), new WeightLimits(0, 0.3, null),
                new WeightLimits(0.05, 1, null), WeightLimits.NONE, WeightLimits.NONE};
        for (int i = 0; i < limits.length; i++) {
            tasks.add(new Task("t" + i, null, null, 5 + 10 * i, Fixtures.randomSpd(d, 0.05, 2, rng), limits[i]));
        }
        Problem problem = Fixtures.problem(tasks, Fixtures.randomSpd(d, 0.2, 2, rng), 10, 20);
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = feasible.feasiblePoint();
        ExactSelection.Result r = ExactSelection.solve(problem, 6, OptionalInt.empty(), start, feasible,
                new ExactSelection.Settings(2000, 1e-7, 0, ExactObjective.Sampling.DEFAULT));
        assertEquals(ExactSelection.Status.CONVERGED, r.status());
        double[] w = r.weights().toArray();
        assertEquals(0.1, w[0], 0.0, "fixed weight");
        assertTrue(w[1] <= 0.3 + FEASIBILITY && w[2] >= 0.05 - FEASIBILITY);
        assertTrue(r.atResult().exact() < r.atStart().exact());
        // Independent KKT check from a fresh gradient: equal on free coordinates, no cheaper
        // coordinate at its lower bound, no dearer one at its upper bound.
        double[] g = new double[w.length];
        ExactObjective.of(problem, 6, OptionalInt.empty()).valueAndGradient(w, g);
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = 1e-3 * scale;
        double nu = Double.NaN;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > feasible.lower(i) + 1e-6 && w[i] < feasible.upper(i) - 1e-6) {
                if (Double.isNaN(nu)) {
                    nu = g[i];
                }
                assertEquals(nu, g[i], tol, "free coordinate " + i);
            }
        }
        assertTrue(!Double.isNaN(nu), "some coordinate is free");
        for (int i = 0; i < w.length; i++) {
            if (w[i] <= feasible.lower(i) + 1e-6 && feasible.lower(i) < feasible.upper(i)) {
                assertTrue(g[i] >= nu - tol, "at lower bound " + i);
            }
            if (w[i] >= feasible.upper(i) - 1e-6 && feasible.lower(i) < feasible.upper(i)) {
                assertTrue(g[i] <= nu + tol, "at upper bound " + i);
            }
        }
    }

    @Test
    void quasiNewtonAndSpectralGradientReachTheSameStationaryPoint() {
        // Gap 1e-7·J: tighter gaps run into the resolution of J (a step can win only what J resolves;
        // ExactSelection.Settings.DEFAULT uses 1e-6).
        Problem problem = paperLikeSmall();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        ExactSelection.Result newton = ExactSelection.solve(problem, 4, OptionalInt.empty(), start, feasible,
                new ExactSelection.Settings(200, 1e-7, 0, ExactObjective.Sampling.DEFAULT, 64));
        ExactSelection.Result spg = ExactSelection.solve(problem, 4, OptionalInt.empty(), start, feasible,
                new ExactSelection.Settings(20_000, 1e-7, 0, ExactObjective.Sampling.DEFAULT, 0));
        assertEquals(ExactSelection.Status.CONVERGED, newton.status(), newton.frankWolfeGap() + " " + newton.optimizer());
        assertEquals(ExactSelection.Status.CONVERGED, spg.status());
        assertEquals(ExactSelection.Optimizer.QUASI_NEWTON, newton.optimizer().name());
        assertEquals(ExactSelection.Optimizer.SPECTRAL, spg.optimizer().name());
        assertTrue(newton.evaluations() < spg.evaluations(), newton.evaluations() + " vs " + spg.evaluations());
        assertEquals(spg.atResult().exact(), newton.atResult().exact(), 1e-6 * spg.atResult().exact());
        assertArrayEquals(spg.weights().toArray(), newton.weights().toArray(), 1e-3);
        assertNull(newton.holdoutResult(), "m = infinity: nothing to hold out");
        assertTrue(newton.warnings().isEmpty());
    }

    @Test
    void sampleAverageSolutionIsCheckedOnFreshPrompts() {
        Problem problem = paperLikeSmall();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        ExactSelection.Result r = ExactSelection.solve(problem, 3, OptionalInt.of(20), start, feasible,
                new ExactSelection.Settings(100, 1e-6, 0, new ExactObjective.Sampling(8, 1, true, 300)));
        ExactObjective.Estimate hs = r.holdoutStart();
        ExactObjective.Estimate hr = r.holdoutResult();
        assertEquals(300, hr.samples());
        assertEquals(1 ^ ExactSelection.HOLDOUT_SEED_MIX, hr.seed());
        // The hold-out is the Monte Carlo prediction with that seed.
        Prediction p = Prediction.of(problem, r.weights().toArray(), new Prediction.Settings(new int[] {3}, OptionalInt.of(20),
                300, hr.seed(), problem.settings().n(), true));
        assertEquals(p.curve().get(0).error(), hr.mean(), 1e-12 * hr.mean());
        assertTrue(hs.ciLow() <= hs.mean() && hs.mean() <= hs.ciHigh());
        assertTrue(r.method().startsWith("sample average over 8 fixed test prompts"), r.method());
    }

    @Test
    void deterministic() {
        Problem problem = paperLikeSmall();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = feasible.feasiblePoint();
        ExactSelection.Settings s = new ExactSelection.Settings(50, 1e-9, 0, new ExactObjective.Sampling(6, 3, true));
        ExactSelection.Result a = ExactSelection.solve(problem, 3, OptionalInt.of(16), start, feasible, s);
        ExactSelection.Result b = ExactSelection.solve(problem, 3, OptionalInt.of(16), start, feasible, s);
        assertArrayEquals(a.weights().toArray(), b.weights().toArray(), 0.0);
        assertEquals(a.iterations(), b.iterations());
    }

    @Test
    void singleFeasiblePointConvergesAtOnce() {
        Problem problem = Fixtures.single(SymmetricMatrix.diagonal(1, 2), SymmetricMatrix.identity(2), 10, 20);
        ExactSelection.Result r = ExactSelection.solve(problem, 2, OptionalInt.empty(), new double[] {1},
                BoundedSimplex.simplex(1), ExactSelection.Settings.DEFAULT);
        assertEquals(ExactSelection.Status.CONVERGED, r.status());
        assertEquals(0, r.iterations());
        assertEquals(0, r.frankWolfeGap());
        assertEquals(r.atStart(), r.atResult());
    }

    @Test
    void singularStartIsReportedNotOptimised() {
        Problem problem = Fixtures.problem(List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0)),
                Task.of("b", SymmetricMatrix.diagonal(0, 1))), SymmetricMatrix.identity(2), 10, 20);
        ExactSelection.Result r = ExactSelection.solve(problem, 2, OptionalInt.empty(), new double[] {1, 0},
                BoundedSimplex.simplex(2), ExactSelection.Settings.DEFAULT);
        assertEquals(ExactSelection.Status.NOT_FINITE, r.status());
        assertEquals(List.of("J_K is infinite at the start: the start weights leave a feature direction uncovered"
                + " (or the error overflows); nothing was optimised"), r.warnings());
        assertArrayEquals(new double[] {1, 0}, r.weights().toArray(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, r.atStart().exact());
    }

    @Test
    void rejectsAnInfeasibleStart() {
        Problem problem = paperLikeSmall();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = new double[problem.catalog().size()];
        start[0] = 0.9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExactSelection.solve(problem,
                1, OptionalInt.empty(), start, feasible, ExactSelection.Settings.DEFAULT));
        assertEquals("start: weights [0.9, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0] are outside the feasible set (bounds and"
                + " sum 1) by more than 1.0E-6", e.getMessage());
        assertEquals("start has 2 weights and the feasible set 8 for 8 tasks", assertThrows(
                IllegalArgumentException.class, () -> ExactSelection.solve(problem, 1, OptionalInt.empty(),
                        new double[] {0.5, 0.5}, feasible, ExactSelection.Settings.DEFAULT)).getMessage());
    }

    @Test
    void feasibleSetFollowsTheCatalogLimits() {
        Catalog cat = new Catalog(List.of(
                new Task("a", null, null, null, SymmetricMatrix.identity(2), new WeightLimits(0.1, 0.5, null)),
                new Task("b", null, null, null, SymmetricMatrix.identity(2), new WeightLimits(0, 1, 0.3)),
                Task.of("c", SymmetricMatrix.identity(2))));
        BoundedSimplex s = ExactSelection.feasibleSet(cat);
        assertArrayEquals(new double[] {0.1, 0.3, 0}, s.lower(), 0.0);
        assertArrayEquals(new double[] {0.5, 0.3, 1}, s.upper(), 0.0);
    }
}
