package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.selection.BoundedSimplex;

class SaaSelectionTest {

    private static Problem small() {
        return Fixtures.paperLike(6, 1, 10, 40, 20, 5);
    }

    /** A small SAA run: N from 16 to 64, three replications; seconds, not minutes. */
    private static final SaaSelection.Settings SMALL = new SaaSelection.Settings(16, 64, 3, 0.01, 2000);

    private static ExactSelection.Settings settings(ExactObjective.Statistic st) {
        return ExactSelection.Settings.DEFAULT.with(new ExactObjective.Sampling(16, 4, true, 1000, st), SMALL);
    }

    @Test
    void saaReportsAGapIntervalAndIsDeterministic() {
        Problem problem = small();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        ExactSelection.Result a = ExactSelection.solve(problem, 4, OptionalInt.of(20), start, feasible,
                settings(ExactObjective.Statistic.MEAN));
        SaaSelection.Certificate c = a.saa();
        assertTrue(c != null, "finite m, K > 1 goes through SAA");
        assertTrue(0 <= c.gapLow() && c.gapLow() <= c.gapMean() && c.gapMean() <= c.gapHigh(), c.toString());
        assertTrue(c.rounds().size() >= 1 && c.rounds().size() <= 3, "N = 16, 32, 64 at most");
        // Certified needs the returned weights' bound within 1% of their fresh estimate.
        assertTrue(!c.certified() || c.gapHigh() <= 0.01 * a.holdoutResult().mean(), c.statement());
        assertTrue(c.statement().startsWith(c.certified() ? "CERTIFIED" : "NOT CERTIFIED"), c.statement());
        assertTrue(feasible.contains(a.weights().toArray(), 1e-12));
        // Fresh-prompt checks with common random numbers: same seed for start and result.
        assertEquals(a.holdoutStart().seed(), a.holdoutResult().seed());
        assertTrue(a.holdoutResult().ciLow() >= 0);
        ExactSelection.Result b = ExactSelection.solve(problem, 4, OptionalInt.of(20), start, feasible,
                settings(ExactObjective.Statistic.MEAN));
        assertArrayEquals(a.weights().toArray(), b.weights().toArray(), 0.0);
        assertEquals(a.saa().gapHigh(), b.saa().gapHigh(), 0.0);
        checkFinalStage(a, feasible);
    }

    /** The final stage chose on fresh prompts and bounds the gap of what it returns. */
    private static void checkFinalStage(ExactSelection.Result r, BoundedSimplex feasible) {
        SaaSelection.Certificate c = r.saa();
        SaaChoice ch = c.choice();
        assertTrue(ch != null, "the final stage ran");
        SaaSelection.Round last = c.rounds().get(c.rounds().size() - 1);
        // Selection sample: 25 N prompts at most (N = last round's), candidates of the last two rounds.
        assertTrue(ch.selectionSamples() <= 25 * last.samples(), ch.toString());
        assertTrue(ch.candidates() >= 1, ch.toString());
        assertTrue(ch.scoreReturned() <= ch.scoreSolution(), ch.toString());
        if (ch.polishedChosen()) {
            assertEquals(8 * last.samples(), ch.polishSamples());
            assertTrue(ch.differenceLow() <= ch.differenceMean() && ch.differenceMean() <= ch.differenceHigh());
            // The returned weights' bound: the rule's solution's bound plus the difference's upper end.
            assertEquals(Math.max(0, last.gapHigh() + ch.differenceHigh()), c.gapHigh(), 1e-15);
            assertTrue(c.statement().contains("re-solved on " + ch.polishSamples() + " prompts and returned"));
        } else {
            assertArrayEquals(last.weights(), r.weights().toArray(), 0.0);
            assertEquals(last.gapHigh(), c.gapHigh(), 0.0);
        }
        assertTrue(feasible.contains(r.weights().toArray(), 1e-12));
    }

    @Test
    void finalStageHelpersUseCommonPromptsAndPairedIntervals() {
        Problem problem = small();
        ExactObjective.Sampling base = new ExactObjective.Sampling(8, 3, false);
        java.util.function.BiFunction<Integer, Long, ExactObjective> factory = (n, seed) -> new ExactObjective(
                problem, 4, OptionalInt.of(20), problem.settings().n(), base.with(n, seed));
        int t = problem.catalog().size();
        double[] u = new double[t];
        java.util.Arrays.fill(u, 1.0 / t);
        double[] v = u.clone();
        v[0] += 0.05;
        v[1] -= 0.05;
        // Blocks of 64 prompts (perPrompt huge): the same prompts for every point, in order.
        double[][] a = SaaFinal.values(factory, java.util.List.of(u, v, u), 200, 9, Long.MAX_VALUE / 4);
        assertArrayEquals(a[0], a[2], 0.0);
        double[] d = SaaFinal.pairedDifference(a[1], a[0], ExactObjective.Statistic.MEAN, 1);
        assertEquals(SaaFinal.score(a[1], ExactObjective.Statistic.MEAN) - SaaFinal.score(a[0],
                ExactObjective.Statistic.MEAN), d[0], 1e-12);
        assertTrue(d[1] < d[0] && d[0] < d[2], java.util.Arrays.toString(d));
        double[] same = SaaFinal.pairedDifference(a[0], a[2], ExactObjective.Statistic.MEDIAN, 1);
        assertArrayEquals(new double[] {0, 0, 0}, same, 0.0);
    }

    @Test
    void medianObjectiveIsOptimisedAndReported() {
        Problem problem = small();
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        ExactSelection.Result r = ExactSelection.solve(problem, 4, OptionalInt.of(20), start, feasible,
                settings(ExactObjective.Statistic.MEDIAN));
        assertEquals("median", r.saa().statistic());
        assertTrue(r.method().contains("sample median"), r.method());
        // The median objective at the result is no worse than at the start on the last sample.
        assertTrue(r.atResult().exact() <= r.atStart().exact(), r.atResult() + " vs " + r.atStart());
    }

    @Test
    void quantileGradientMatchesFiniteDifferences() {
        Problem problem = small();
        ExactObjective obj = new ExactObjective(problem, 3, OptionalInt.of(20), problem.settings().n(),
                new ExactObjective.Sampling(33, 2, false, 1000, ExactObjective.Statistic.parse("q90")));
        int t = obj.size();
        double[] x = new double[t];
        java.util.Arrays.fill(x, 1.0 / t);
        x[0] += 0.01;
        x[1] -= 0.01;
        double[] g = new double[t];
        double f = obj.valueAndGradient(x, g);
        // Central differences with h = 1e-7: within one smooth piece of the order statistic
        // (the pieces are O(1e-2) wide here); error O(h²·f''') + O(1e-16·f/h) ~ 1e-9 relative.
        double h = 1e-7;
        for (int i = 0; i < t; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (obj.value(xp) - obj.value(xm)) / (2 * h);
            assertEquals(fd, g[i], 1e-5 * (Math.abs(fd) + f), "component " + i);
        }
    }

    @Test
    void controlVariateReducesVarianceAndAgreesWithThePlainMean() {
        Problem problem = small();
        ExactObjective obj = new ExactObjective(problem, 2, OptionalInt.of(40), problem.settings().n(),
                new ExactObjective.Sampling(8, 2, true));
        double[] x = new double[obj.size()];
        java.util.Arrays.fill(x, 1.0 / x.length);
        ExactObjective.FreshEstimate e = obj.fresh(x, 20_000, 11);
        // At K = 2 the per-prompt error is strongly correlated with the K = 1 one.
        assertTrue(e.varianceReduction() > 1.5, "variance reduction " + e.varianceReduction());
        assertTrue(e.ciLow() <= e.value() && e.value() <= e.ciHigh());
        // The control-variate estimate and the plain mean estimate the same J: a plain 20000-prompt
        // Monte Carlo from another seed lies within a few of the plain estimate's standard errors.
        MonteCarloCurve mc = CotError.monteCarlo(Preconditioner.of(problem.catalog(), x, problem.settings().n()),
                problem.target().covariance(), 40, new int[] {2}, CotError.MonteCarloSettings.of(20_000, 99));
        double se = mc.sd()[0] / Math.sqrt(20_000);
        assertEquals(mc.mean()[0], e.value(), 5 * se);
    }

    @Test
    void statisticParsing() {
        assertTrue(ExactObjective.Statistic.parse("mean").isMean());
        assertEquals(0.5, ExactObjective.Statistic.parse("Median").quantile());
        assertEquals(0.9, ExactObjective.Statistic.parse("q90").quantile());
        assertThrows(IllegalArgumentException.class, () -> ExactObjective.Statistic.parse("q100"));
        assertThrows(IllegalArgumentException.class, () -> ExactObjective.Statistic.parse("p90"));
    }
}
