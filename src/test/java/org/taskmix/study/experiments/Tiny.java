package org.taskmix.study.experiments;

import java.util.List;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;

/** Small configurations shared by the experiment tests: d = 4, a few hundred steps, seconds in all. */
final class Tiny {

    /** Dimension of the single-task problems. */
    static final int D = 4;
    /** Test prompt length of the single-task problems (10 d, as in the bundled problems). */
    static final int M = 40;

    /**
     * 1500 steps of 128 prompts: enough for the trained V_31 to land within a few per cent of
     * −Γ⁻¹ at d = 4 (measured 1–2%), in well under a second per model.
     */
    static final TrainingSettings TRAIN = new TrainingSettings("adam", 1500, 128, 0.01, "cosine", 3000, 11L);

    /** Experiment settings on two threads with as many Monte Carlo samples as test prompts. */
    static final ExperimentSettings SETTINGS = new ExperimentSettings(TRAIN, 3000, 2);

    /**
     * A trained model is within a few per cent of −P (checked separately), and the one-step error
     * responds to a relative change of V_31 by at most about as much relative change; 6% covers
     * that with room, while a wrong n, m or target in the prediction moves it by tens of per cent.
     */
    static final double TRAINED_SLACK = 0.06;

    /** Trained models must land this close to −P(π) for the oracle above to apply. */
    static final double MAX_DISTANCE = 0.05;

    private Tiny() {
    }

    /** {@link #TRAIN} with other steps and test prompts (for runs whose numbers do not matter). */
    static TrainingSettings train(int steps, int testPrompts) {
        return new TrainingSettings("adam", steps, 64, 0.01, "cosine", testPrompts, 11L);
    }

    /** {@code λ_i = 1/i}, i = 1..d. */
    static double[] harmonic() {
        double[] l = new double[D];
        for (int i = 0; i < D; i++) {
            l[i] = 1.0 / (i + 1);
        }
        return l;
    }

    /** One task λ_i = 1/i with the given target covariance. */
    static Problem singleTask(String name, double[] target) {
        Task task = Task.of("harmonic", SymmetricMatrix.diagonal(harmonic()));
        return new Problem(name, "", new Catalog(List.of(task)),
                List.of(Target.of("target", SymmetricMatrix.diagonal(target))),
                new Settings(20, M, List.of(1, 2, 4), TRAIN), "test");
    }

    /** γ_i of Γ = (1 + 1/n)Λ + (tr Λ / n) I for a diagonal Λ (docs/theory.md §3). */
    static double[] gamma(double[] lambda, int n) {
        double tr = 0;
        for (double l : lambda) {
            tr += l;
        }
        double[] g = new double[lambda.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (1 + 1.0 / n) * lambda[i] + tr / n;
        }
        return g;
    }

    /** Hand formula: m = ∞ error per dimension after k steps, diagonal P = Γ⁻¹ and Σ. */
    static double infiniteM(double[] lambda, double[] sigma, int n, int k) {
        double[] g = gamma(lambda, n);
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += Math.pow(1 - sigma[i] / g[i], 2 * k);
        }
        return s / g.length;
    }

    /**
     * Hand formula: one-step error per dimension at finite m (docs/theory.md §4 with A = −P, diagonal):
     * {@code Σ(1 − p_iσ_i)² + (1/m)(Σ p_i²σ_i² + Σ p_i²σ_i · tr Σ)}, over d.
     */
    static double oneStep(double[] lambda, double[] sigma, int n, int m) {
        double[] g = gamma(lambda, n);
        double trS = 0;
        for (double x : sigma) {
            trS += x;
        }
        double base = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < g.length; i++) {
            double p = 1 / g[i];
            base += (1 - p * sigma[i]) * (1 - p * sigma[i]);
            a += p * p * sigma[i] * sigma[i];
            b += p * p * sigma[i];
        }
        return (base + (a + b * trS) / m) / g.length;
    }
}
