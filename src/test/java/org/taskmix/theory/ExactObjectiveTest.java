package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;

class ExactObjectiveTest {

    /** Central-difference step: balances truncation O(h²) against rounding O(ε/h). */
    private static final double H = 1e-5;

    /**
     * Central differences with h = 1e-5 err by about h²·|f'''| ≈ 1e-10 (truncation) plus
     * ε·|f|/h ≈ 1e-11 (rounding) relative to the gradient's scale here; 1e-6 relative to
     * ‖∇J‖∞ leaves four orders of margin while a wrong or missing term shows at order 1.
     */
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /** Same arithmetic by two code paths (plain vs exponent-scaled powers): rounding only. */
    private static final double CONSISTENCY_TOLERANCE = 1e-12;

    private static Problem problem(long seed, int d, int t) {
        Random rng = new Random(seed);
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < t; i++) {
            Integer n = i == 1 ? 25 : null; // one task with its own prompt length
            tasks.add(new Task("t" + i, null, null, n, Fixtures.randomSpd(d, 0.05, 2, rng), WeightLimits.NONE));
        }
        return Fixtures.problem(tasks, Fixtures.randomSpd(d, 0.2, 2, rng), 8, 12);
    }

    @Test
    void gradientMatchesCentralDifferencesAtInfiniteM() {
        Problem problem = problem(1, 5, 3);
        for (int k : new int[] {1, 3, 6}) {
            checkGradient(new ExactObjective(problem, k, OptionalInt.empty(), 8, ExactObjective.Sampling.DEFAULT),
                    new double[] {0.5, 0.2, 0.3});
        }
    }

    @Test
    void gradientMatchesCentralDifferencesAtFiniteMOneStep() {
        Problem problem = problem(2, 5, 3);
        checkGradient(new ExactObjective(problem, 1, OptionalInt.of(12), 8, ExactObjective.Sampling.DEFAULT),
                new double[] {0.3, 0.3, 0.4});
    }

    @Test
    void gradientMatchesCentralDifferencesForTheSampleAverage() {
        Problem problem = problem(3, 4, 3);
        checkGradient(new ExactObjective(problem, 4, OptionalInt.of(12), 8, new ExactObjective.Sampling(6, 5, true)),
                new double[] {0.2, 0.45, 0.35});
    }

    @Test
    void gradientMatchesCentralDifferencesWithSeveralTargets() {
        Random rng = new Random(4);
        int d = 4;
        List<Task> tasks = List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 2, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.1, 2, rng)));
        Problem problem = new Problem("multi", "", new Catalog(tasks),
                List.of(new Target("x", Fixtures.randomSpd(d, 0.2, 2, rng), 2.0),
                        new Target("y", Fixtures.randomSpd(d, 0.2, 2, rng), 0.5)),
                new Settings(10, 20, List.of(1)), "test");
        checkGradient(new ExactObjective(problem, 5, OptionalInt.empty(), 10, ExactObjective.Sampling.DEFAULT),
                new double[] {0.6, 0.4});
        // The weighted average over targets (weights 2 and 0.5 normalised to 0.8 and 0.2), against
        // single-target objectives.
        double[] pi = {0.6, 0.4};
        double total = 0;
        for (Target t : problem.targets()) {
            Problem one = new Problem("one", "", problem.catalog(), List.of(Target.of(t.name(), t.covariance())),
                    problem.settings(), "test");
            total += t.weight() / 2.5 * ExactObjective.of(one, 5, OptionalInt.empty()).value(pi);
        }
        assertEquals(total, ExactObjective.of(problem, 5, OptionalInt.empty()).value(pi), 1e-14 * total);
    }

    private static void checkGradient(ExactObjective obj, double[] pi) {
        double[] g = new double[pi.length];
        double f = obj.valueAndGradient(pi, g);
        assertEquals(f, obj.value(pi), 0.0, "value with and without gradient");
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0);
        for (int i = 0; i < pi.length; i++) {
            double[] plus = pi.clone();
            double[] minus = pi.clone();
            plus[i] += H;
            minus[i] -= H;
            double fd = (obj.value(plus) - obj.value(minus)) / (2 * H);
            assertEquals(fd, g[i], GRADIENT_TOLERANCE * scale, obj.method() + ", coordinate " + i);
        }
        // P(π) is homogeneous of degree 0 in π, so Euler's identity gives πᵀ∇J = 0: an independent
        // check on the chain rule through M̄⁻¹.
        double euler = 0;
        for (int i = 0; i < pi.length; i++) {
            euler += pi[i] * g[i];
        }
        assertEquals(0, euler, 1e-9 * scale, "Euler identity");
    }

    @Test
    void agreesWithThePredictions() {
        Problem problem = problem(5, 6, 3);
        double[] pi = {0.25, 0.5, 0.25};
        Prediction p = Prediction.of(problem, pi, new Prediction.Settings(new int[] {1, 7}, OptionalInt.empty(), 2, 1,
                8, false));
        double[] curve = p.mInfinity();
        assertEquals(curve[6], ExactObjective.of(problem, 7, OptionalInt.empty()).value(pi),
                CONSISTENCY_TOLERANCE * curve[6]);
        double k1 = CotError.oneStepFiniteM(Preconditioner.of(problem.catalog(), pi, 8), problem.target().covariance(), 12);
        assertEquals(k1, ExactObjective.of(problem, 1, OptionalInt.of(12)).value(pi), CONSISTENCY_TOLERANCE * k1);
    }

    @Test
    void sampleAverageIsDeterministicAndNearTheMonteCarloPrediction() {
        Problem problem = problem(6, 5, 3);
        double[] pi = {0.3, 0.3, 0.4};
        ExactObjective a = new ExactObjective(problem, 3, OptionalInt.of(12), 8, new ExactObjective.Sampling(300, 9, true));
        ExactObjective b = new ExactObjective(problem, 3, OptionalInt.of(12), 8, new ExactObjective.Sampling(300, 9, false));
        double[] ga = new double[3];
        double[] gb = new double[3];
        assertEquals(a.valueAndGradient(pi, ga), b.valueAndGradient(pi, gb), 0.0);
        assertArrayEquals(ga, gb, 0.0);
        // Same seed, same draws as CotError.monteCarlo: the sample average equals its mean (up
        // to powering order) — the objective is the prediction, frozen.
        MonteCarloCurve mc = CotError.monteCarlo(Preconditioner.of(problem.catalog(), pi, 8),
                problem.target().covariance(), 12, new int[] {3}, CotError.MonteCarloSettings.of(300, 9));
        assertEquals(mc.mean()[0], a.value(pi), 1e-10 * mc.mean()[0]);
    }

    @Test
    void surrogateHandValue() {
        // Σ = I, Λ = diag(2, 0.5): ‖I − Λ‖² = 1 + 0.25.
        Problem problem = Fixtures.single(SymmetricMatrix.diagonal(2, 0.5), SymmetricMatrix.identity(2), 10, 20);
        assertEquals(1.25, ExactObjective.of(problem, 1, OptionalInt.empty()).surrogate(new double[] {1}), 1e-15);
    }

    @Test
    void uncoveredDirectionIsInfiniteWithANaNGradient() {
        Problem problem = Fixtures.problem(List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0)),
                Task.of("b", SymmetricMatrix.diagonal(0, 1))), SymmetricMatrix.identity(2), 10, 20);
        ExactObjective obj = ExactObjective.of(problem, 2, OptionalInt.empty());
        double[] g = new double[2];
        assertEquals(Double.POSITIVE_INFINITY, obj.valueAndGradient(new double[] {1, 0}, g));
        assertTrue(Double.isNaN(g[0]) && Double.isNaN(g[1]));
        assertTrue(Double.isFinite(obj.value(new double[] {0.5, 0.5})));
    }

    @Test
    void rejectsBadArguments() {
        Problem problem = problem(7, 3, 2);
        assertEquals("k: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> ExactObjective.of(problem, 0, OptionalInt.empty())).getMessage());
        assertEquals("m: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> ExactObjective.of(problem, 1, OptionalInt.of(0))).getMessage());
        ExactObjective obj = ExactObjective.of(problem, 1, OptionalInt.empty());
        assertEquals("weights: 3 values for 2 tasks", assertThrows(IllegalArgumentException.class,
                () -> obj.value(new double[] {0.2, 0.3, 0.5})).getMessage());
        assertEquals("weights[1]: value -0.1 must be finite and >= 0", assertThrows(IllegalArgumentException.class,
                () -> obj.value(new double[] {1.1, -0.1})).getMessage());
    }
}
