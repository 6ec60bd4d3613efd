package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

class PredictionTest {

    private static Problem twoTasks(long seed) {
        Random rng = new Random(seed);
        int d = 6;
        return Fixtures.problem(List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 2, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.1, 2, rng))), Fixtures.randomSpd(d, 0.2, 2, rng), 10, 20);
    }

    @Test
    void predictedCurvesAreBitIdenticalForTheSameSeed() {
        Problem problem = twoTasks(1);
        double[] w = {0.4, 0.6};
        Prediction.Settings s = new Prediction.Settings(new int[] {1, 2, 4, 8}, OptionalInt.of(15), 300, 77, 10, true);
        Prediction a = Prediction.of(problem, w, s);
        Prediction b = Prediction.of(problem, w, s);
        Prediction seq = Prediction.of(problem, w,
                new Prediction.Settings(new int[] {1, 2, 4, 8}, OptionalInt.of(15), 300, 77, 10, false));
        assertEquals(a.curve(), b.curve());
        assertEquals(a.curve(), seq.curve());
        assertArrayEquals(a.mInfinity(), seq.mInfinity(), 0.0);
        Prediction other = Prediction.of(problem, w,
                new Prediction.Settings(new int[] {1, 2, 4, 8}, OptionalInt.of(15), 300, 78, 10, true));
        Prediction.Point a1 = a.curve().get(0);
        Prediction.Point o1 = other.curve().get(0);
        // k = 1: the mean and its (degenerate) interval are exact and seed-free; the median and
        // quantiles are Monte Carlo.
        assertEquals(a1.error(), o1.error(), 0.0, "k = 1 mean is exact, seed-free");
        assertEquals(a1.ciHigh(), o1.ciHigh(), 0.0);
        assertNotEquals(a1.median(), o1.median());
        assertFalse(a.curve().get(1).equals(other.curve().get(1)), "k = 2 is Monte Carlo, seed-dependent");
    }

    @Test
    void finiteMPointsComeFromTheExactFormulaAndMonteCarlo() {
        Problem problem = twoTasks(2);
        double[] w = {0.5, 0.5};
        Prediction p = Prediction.of(problem, w,
                new Prediction.Settings(new int[] {1, 3}, OptionalInt.of(25), 200, 5, 10, true));
        DMatrixRMaj pre = Preconditioner.of(problem.catalog(), w, 10);
        Prediction.Point k1 = p.curve().get(0);
        assertEquals(Prediction.Method.EXACT, k1.method());
        assertEquals(CotError.oneStepFiniteM(pre, problem.target().covariance(), 25), k1.error(), 0.0);
        assertEquals(k1.error(), k1.ciLow(), 0.0);
        MonteCarloCurve mc = CotError.monteCarlo(pre, problem.target().covariance(), 25, new int[] {3},
                CotError.MonteCarloSettings.of(200, 5));
        Prediction.Point k3 = p.curve().get(1);
        assertEquals(Prediction.Method.MONTE_CARLO, k3.method());
        assertEquals(mc.mean()[0], k3.error(), 0.0);
        assertEquals(mc.ciLow()[0], k3.ciLow(), 0.0);
        assertEquals(mc.ciHigh()[0], k3.ciHigh(), 0.0);
        assertEquals(3, p.mInfinity().length);
    }

    @Test
    void severalTargetsCombineAsAWeightedAverage() {
        Random rng = new Random(3);
        int d = 4;
        Catalog cat = new Catalog(List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 2, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.1, 2, rng))));
        Target x = new Target("x", Fixtures.randomSpd(d, 0.2, 2, rng), 2);
        Target y = new Target("y", Fixtures.randomSpd(d, 0.2, 2, rng), 0.5);
        Problem problem = new Problem("multi", "", cat, List.of(x, y), new Settings(10, 20, List.of(1, 4)), "test");
        // Weights 2 and 0.5 are normalised to 0.8 and 0.2 (TargetAggregate).
        double[] w = {0.3, 0.7};
        Prediction p = Prediction.of(problem, w,
                new Prediction.Settings(new int[] {1, 4}, OptionalInt.of(20), 100, 9, 10, true));
        assertEquals(2, p.targets().size());
        DMatrixRMaj pre = Preconditioner.of(cat, w, 10);
        double[] ix = CotError.infiniteM(pre, x.covariance(), 4);
        double[] iy = CotError.infiniteM(pre, y.covariance(), 4);
        for (int k = 1; k <= 4; k++) {
            assertEquals(0.8 * ix[k - 1] + 0.2 * iy[k - 1], p.mInfinity()[k - 1], 1e-15);
        }
        double k1 = 0.8 * CotError.oneStepFiniteM(pre, x.covariance(), 20) + 0.2 * CotError.oneStepFiniteM(pre,
                y.covariance(), 20);
        assertEquals(k1, p.curve().get(0).error(), 1e-15);
        Prediction.Point k4 = p.curve().get(1);
        double ex = p.targets().get(0).curve().get(1).error();
        double ey = p.targets().get(1).curve().get(1).error();
        assertEquals(0.8 * ex + 0.2 * ey, k4.error(), 1e-15);
        // Per-prompt values combine as 0.8 x_i + 0.2 y_i (weights 2 and 0.5 normalised) (independent draws per target): the
        // median is that of the combined values, the interval brackets the mean and stays >= 0.
        double[][] sx = p.targets().get(0).samples().realised();
        double[][] sy = p.targets().get(1).samples().realised();
        double[] v = new double[sx.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.8 * sx[i][1] + 0.2 * sy[i][1];
        }
        java.util.Arrays.sort(v);
        assertEquals(ErrorSummary.quantileSorted(v, 0.5), k4.median(), 0.0);
        assertTrue(0 <= k4.ciLow() && k4.ciLow() < k4.error() && k4.error() < k4.ciHigh());
    }

    @Test
    void boundsAppearOnlyWhenTheyApply() {
        SymmetricMatrix lambda = Fixtures.randomSpd(5, 0.1, 2, new Random(4));
        Problem same = Fixtures.single(lambda, lambda, 12, 30);
        Prediction p = Prediction.of(same, new double[] {1},
                new Prediction.Settings(new int[] {1, 2}, OptionalInt.of(30), 10, 1, 12, true));
        Prediction.BoundCheck b = p.targets().get(0).bounds();
        assertEquals(PaperBounds.hardness(lambda), b.hardness(), 0.0);
        assertEquals(PaperBounds.oneStepPerDimension(12, OptionalInt.of(30), b.hardness()), b.oneStepPerDimension(), 0.0);
        assertTrue(b.holds());
        Problem other = Fixtures.single(lambda, SymmetricMatrix.identity(5), 12, 30);
        assertNull(Prediction.of(other, new double[] {1},
                new Prediction.Settings(new int[] {1}, OptionalInt.empty(), 2, 1, 12, true)).targets().get(0).bounds());
    }

    @Test
    void heavyTailedMonteCarloIsAnnounced() {
        // m = ∞ shrinks every direction (no overthinking), but at m = 40 rare test prompts push
        // eigenvalues of PŜ_m past 2 and the per-prompt error at k = 16 explodes.
        int d = 6;
        Problem problem = Fixtures.problem(List.of(Task.of("a", SymmetricMatrix.diagonal(Fixtures.powerLaw(d, 1))),
                Task.of("b", SymmetricMatrix.diagonal(3, 1, 1, 1, 1, 1))), SymmetricMatrix.identity(d), 30, 40);
        Prediction p = Prediction.of(problem, new double[] {0.7, 0.3},
                new Prediction.Settings(new int[] {1, 4, 16}, OptionalInt.of(40), 1000, 1, 30, true));
        assertFalse(p.overthinking());
        assertEquals(16, p.kStar());
        assertTrue(p.curve().get(2).error() > 100 * p.mInfinity()[15], "finite m is far worse at k = 16");
        Prediction.Point k16 = p.curve().get(2);
        // The interval of the mean stays positive (the normal one reached below 0 here) and the
        // median of a typical prompt is orders of magnitude below the mean.
        assertTrue(k16.ciLow() >= 0);
        assertTrue(k16.median() < 1e-2 * k16.error(), k16.toString());
        assertEquals(OptionalInt.of(4), p.kStarFiniteM());
        assertTrue(p.overthinkingFiniteM(), "the mean at k = 16 is above k = 4 beyond both intervals");
        assertEquals(List.of("at m = 40 the error rises after k = 4 (beyond the 95% intervals): finite test prompts"
                + " spread the spectrum of P*S_m, so long CoT overshoots earlier than at m = inf",
                "at k = 16 the mean error exceeds the 90% quantile over test prompts: the per-prompt"
                + " errors are heavy-tailed (rare prompts make the iteration diverge), so the mean rests on a few"
                + " prompts; the median describes a typical prompt"), p.warnings());
    }

    @Test
    void overflowIsFlagged() {
        // Overthinking at n = 30 with a long horizon: 4.83^(2k) passes the double range near k = 225.
        Problem problem = Fixtures.overthinking(20, 30);
        Prediction p = Prediction.of(problem, new double[] {1},
                new Prediction.Settings(new int[] {1, 300}, OptionalInt.empty(), 2, 1, 30, true));
        assertTrue(p.overflow());
        assertEquals(Double.POSITIVE_INFINITY, p.curve().get(1).error());
        assertTrue(p.curve().get(1).overflow());
        assertEquals(1, p.kStar());
        assertFalse(Double.isNaN(p.mInfinity()[299]));
    }

    @Test
    void rejectsBadSettingsAndWeights() {
        assertEquals("k: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new Prediction.Settings(new int[] {0}, OptionalInt.empty(), 2, 1, 10, true)).getMessage());
        assertEquals("m: value 0 must be >= 1 (or infinity)", assertThrows(IllegalArgumentException.class,
                () -> new Prediction.Settings(new int[] {1}, OptionalInt.of(0), 2, 1, 10, true)).getMessage());
        assertEquals("n: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new Prediction.Settings(new int[] {1}, OptionalInt.empty(), 2, 1, 0, true)).getMessage());
        Problem problem = twoTasks(5);
        Prediction.Settings s = new Prediction.Settings(new int[] {1}, OptionalInt.empty(), 2, 1, 10, true);
        assertEquals("weights.b: value -0.5 must be finite and >= 0", assertThrows(IllegalArgumentException.class,
                () -> Prediction.of(problem, new double[] {1.5, -0.5}, s)).getMessage());
        assertEquals("weights: 1 values for 2 tasks", assertThrows(IllegalArgumentException.class,
                () -> Prediction.of(problem, new double[] {1}, s)).getMessage());
        assertEquals("weights: all zero; at least one task needs a positive weight",
                assertThrows(IllegalArgumentException.class, () -> Prediction.of(problem, new double[] {0, 0}, s))
                        .getMessage());
    }
}
