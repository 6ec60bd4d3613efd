package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.taskmix.catalog.Target;

/**
 * Robust mode with three or more targets, solved by {@link RobustManyTargets} through the default
 * large-scale solver. Every optimum is checked against an independent computation: weak duality
 * with the weighted-sum program at the certificate's target weighting {@code λ}, solved by ojAlgo
 * ({@code h(λ) ≤ F* ≤ F(π)}, so {@code F(π) − h(λ)} bounds the error from outside taskmix's own
 * solvers), and, on one problem, a long run of the smoothed first-order method.
 */
class RobustManyTargetsTest {

    /**
     * {@code F(π) − h(λ)}, relative: our certified gap is at most 1e-9 and ojAlgo's weighted-sum
     * solve is certified to 1e-9 too, so 3e-9 leaves room for both and the rounding between them.
     */
    private static final double DUALITY = 3e-9;
    /** The first-order method is stopped at a certified relative gap of 1e-6; both answers lie in [F*, F* + 1e-6 F*]. */
    private static final double FIRST_ORDER = 1e-6;
    /** Feasibility of the robust weights (the default tolerance). */
    private static final double FEASIBLE = 1e-9;

    private static SelectionProblem robust(long seed, int d, int t, BoundedSimplex bounds, Prior prior, int k) {
        return RandomSelectionProblems.problem(seed, d, t, bounds, new SelectionOptions(true, prior), k);
    }

    /**
     * {@code h(λ) = min_π Σ_j λ_j f_j(π) + P(π)}, by ojAlgo's QP solver on rows scaled by
     * {@code √λ_j}: an independent lower bound on the robust optimum for any {@code λ}.
     */
    private static double dual(SelectionProblem pr, double[] lambda) {
        int rows = pr.rows();
        double[] a = pr.matrix();
        double[] b = pr.target();
        double[] scale = new double[rows];
        for (int j = 0; j < pr.blocks().size(); j++) {
            SelectionProblem.Block bl = pr.blocks().get(j);
            Arrays.fill(scale, bl.offset(), bl.offset() + bl.rows(), Math.sqrt(lambda[j]));
        }
        for (int l = 0; l < pr.size(); l++) {
            for (int i = 0; i < rows; i++) {
                a[l * rows + i] *= scale[i];
            }
        }
        for (int i = 0; i < rows; i++) {
            b[i] *= scale[i];
        }
        SelectionProblem w = SelectionProblem.of(pr.names(), rows, a, b, pr.bounds(),
                List.of(new SelectionProblem.Block("weighted", 1, 1, 0, rows)), SelectionProblem.Aggregation.SUM,
                pr.prior());
        SelectionResult r = SolverSettings.OJALGO_ACTIVE_SET.create().solve(w);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        // The certified lower bound of the weighted-sum program, not its objective: a lower bound
        // of a lower bound stays valid whatever ojAlgo's rounding.
        return r.certificate().lowerBound();
    }

    private static SelectionResult solveAndCheck(SelectionProblem pr) {
        SelectionResult r = SolverSettings.LARGE_SCALE.create().solve(pr);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        assertTrue(r.certificate().passes(Tolerances.DEFAULT));
        assertTrue(pr.bounds().contains(r.weights().toArray(), FEASIBLE));
        double f = r.objective();
        assertEquals(pr.objective(r.weights().toArray()), f, 1e-12 * f);
        double[] lambda = r.certificate().targetWeights();
        double h = dual(pr, lambda);
        assertTrue(h <= f + 1e-12 * f, "dual bound " + h + " above the objective " + f);
        assertTrue(f - h <= DUALITY * Math.max(1, f), "F - h(lambda) = " + (f - h) + " at F = " + f);
        // Every target with weight in λ is at the worst value (complementary slackness).
        double[] fj = r.targetObjectives().toArray();
        double worst = Arrays.stream(fj).max().orElseThrow();
        assertEquals(worst + pr.priorValue(r.weights().toArray()), f, 1e-12 * f);
        for (int j = 0; j < fj.length; j++) {
            if (lambda[j] > 1e-3) {
                assertEquals(worst, fj[j], DUALITY * Math.max(1, worst) / lambda[j], "target " + j);
            }
        }
        return r;
    }

    @ParameterizedTest(name = "seed {0}, d = {1}, T = {2}, K = {3}")
    @CsvSource({"1, 6, 30, 3", "2, 8, 50, 3", "3, 6, 40, 5", "4, 8, 60, 5", "5, 5, 25, 10"})
    void randomProblemsAreSolvedToTheDefaultTolerances(long seed, int d, int t, int k) {
        SelectionProblem pr = robust(seed, d, t, BoundedSimplex.simplex(t), null, k);
        SelectionResult r = solveAndCheck(pr);
        // Never worse on the worst target than the weighted-sum optimum (nor than any weighting).
        SelectionProblem sum = RandomSelectionProblems.problem(seed, d, t, BoundedSimplex.simplex(t),
                SelectionOptions.DEFAULT, k);
        SelectionResult s = SolverSettings.LARGE_SCALE.create().solve(sum);
        assertEquals(Status.OPTIMAL, s.status(), s.message());
        double worstSum = Arrays.stream(s.targetObjectives().toArray()).max().orElseThrow();
        assertTrue(r.objective() <= worstSum + Tolerances.DEFAULT.gapAllowed(worstSum),
                r.objective() + " > " + worstSum);
        assertTrue(r.backendStatus().startsWith("robust, " + k + " targets: decomposition"), r.backendStatus());
    }

    @Test
    void agreesWithALongFirstOrderRun() {
        SelectionProblem pr = robust(11, 6, 30, BoundedSimplex.simplex(30), null, 3);
        SelectionResult r = solveAndCheck(pr);
        Tolerances loose = new Tolerances(FIRST_ORDER, 1e-9, 1e-3);
        SelectionResult fo = new FirstOrderSolver("fo", loose, 400_000, 120).solve(pr);
        assertEquals(Status.OPTIMAL, fo.status(), fo.message());
        // Both are feasible, so neither is below F*; the first-order one is certified within 1e-6.
        assertTrue(r.objective() <= fo.objective() + Tolerances.DEFAULT.gapAllowed(fo.objective()));
        assertEquals(fo.objective(), r.objective(), FIRST_ORDER * r.objective());
        assertTrue(fo.certificate().lowerBound() <= r.objective());
    }

    @Test
    void weightLimitsMinMaxAndFixedAreRespected() {
        int t = 40;
        double[] lo = new double[t];
        double[] hi = new double[t];
        Arrays.fill(hi, 1);
        lo[0] = 0.05; // a minimum
        hi[1] = 0.02; // a maximum
        lo[2] = 0.1;  // fixed
        hi[2] = 0.1;
        lo[3] = 0.03; // another minimum, with a maximum
        hi[3] = 0.04;
        for (int l = 10; l < 20; l++) {
            hi[l] = 0.01;
        }
        BoundedSimplex bounds = new BoundedSimplex(lo, hi);
        for (int k : new int[] {3, 5}) {
            SelectionProblem pr = robust(21 + k, 6, t, bounds, null, k);
            SelectionResult r = solveAndCheck(pr);
            double[] w = r.weights().toArray();
            assertEquals(0.1, w[2], FEASIBLE);
            assertTrue(w[0] >= 0.05 - FEASIBLE && w[1] <= 0.02 + FEASIBLE);
            assertTrue(w[3] >= 0.03 - FEASIBLE && w[3] <= 0.04 + FEASIBLE);
        }
    }

    @Test
    void aPriorPullIsIncluded() {
        int t = 30;
        Prior prior = Prior.uniform(t, 0.5);
        SelectionProblem pr = robust(31, 6, t, BoundedSimplex.simplex(t), prior, 4);
        SelectionResult r = solveAndCheck(pr);
        assertTrue(pr.priorValue(r.weights().toArray()) > 0);
    }

    @Test
    void duplicateTargetsAreHandled() {
        // Targets 0 and 2 are the same matrix: λ may split between them in any way, and the
        // equalisation system (and the Newton Jacobian) is singular along that split.
        int d = 5;
        int t = 30;
        long seed = 41;
        List<Target> ts = new ArrayList<>();
        ts.add(new Target("a", RandomSelectionProblems.target(seed, d), 1));
        ts.add(new Target("b", RandomSelectionProblems.target(seed + 1, d), 1));
        ts.add(new Target("a-again", RandomSelectionProblems.target(seed, d), 1));
        List<String> names = new ArrayList<>();
        for (int l = 0; l < t; l++) {
            names.add("t" + l);
        }
        SelectionProblem pr = SelectionProblem.build(names, l -> RandomSelectionProblems.covariance(seed, d, l), d, ts,
                BoundedSimplex.simplex(t), new SelectionOptions(true, null));
        SelectionResult r = solveAndCheck(pr);
        double[] f = r.targetObjectives().toArray();
        assertEquals(f[0], f[2], 1e-12 * f[0]);
        // The same optimum as the robust program over the two distinct targets (solved exactly by
        // the two-target dual bisection).
        SelectionProblem two = SelectionProblem.build(names, l -> RandomSelectionProblems.covariance(seed, d, l), d,
                ts.subList(0, 2), BoundedSimplex.simplex(t), new SelectionOptions(true, null));
        SelectionResult r2 = SolverSettings.LARGE_SCALE.create().solve(two);
        assertEquals(Status.OPTIMAL, r2.status(), r2.message());
        assertEquals(r2.objective(), r.objective(), 2 * Tolerances.DEFAULT.gapAllowed(r.objective()));
    }

    @Test
    void twoTargetsAgreeWithTheDualBisection() {
        SelectionProblem pr = robust(51, 6, 30, BoundedSimplex.simplex(30), null, 2);
        SelectionResult bisection = SolverSettings.LARGE_SCALE.create().solve(pr);
        assertEquals(Status.OPTIMAL, bisection.status(), bisection.message());
        RobustManyTargets many = new RobustManyTargets(new ActiveSetSolver("many", Tolerances.DEFAULT, 1_000_000, 60, 10_000));
        SelectionResult r = many.solve(pr, System.nanoTime());
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        assertEquals(bisection.objective(), r.objective(), 2 * Tolerances.DEFAULT.gapAllowed(r.objective()));
    }

    @Test
    void aTimeLimitGivesAnHonestStatus() {
        // Seed 1 at d = 8, T = 50 needs several master rounds (its initial hull is not optimal), so
        // a time limit that has expired before the first round stops it.
        SelectionProblem pr = robust(1, 8, 50, BoundedSimplex.simplex(50), null, 3);
        RobustManyTargets many = new RobustManyTargets(new ActiveSetSolver("many", Tolerances.DEFAULT, 1_000_000, 1e-9, 10_000));
        SelectionResult r = many.solve(pr, System.nanoTime());
        assertEquals(Status.NOT_CONVERGED, r.status());
        assertTrue(r.message().startsWith("time limit 1.0E-9 s reached in the robust"), r.message());
        assertTrue(pr.bounds().contains(r.weights().toArray(), FEASIBLE));
        assertEquals(r.certificate().passes(Tolerances.DEFAULT), false);
    }

    @Test
    void sameInputSameBits() {
        SelectionProblem pr = robust(61, 6, 30, BoundedSimplex.simplex(30), null, 3);
        SelectionResult a = SolverSettings.LARGE_SCALE.create().solve(pr);
        SelectionResult b = SolverSettings.LARGE_SCALE.create().solve(pr);
        assertArrayEquals(a.weights().toArray(), b.weights().toArray(), 0.0);
        assertEquals(a.iterations(), b.iterations());
    }
}
