package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Costs of the theory layer: the m = ∞ curve, the Monte Carlo curve (parallel and sequential,
 * same results), and one value-and-gradient of the exact objective. Twelve tasks with power-law
 * spectra on random bases, as in the paper-like selection set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TheoryBenchmark {

    @Param({"32", "64"})
    int d;

    private DMatrixRMaj p;
    private SymmetricMatrix sigma;
    private ExactObjective objective;
    private double[] weights;
    private final int[] ks = {1, 2, 4, 8, 16, 32};

    @Setup
    public void setUp() {
        Random rng = new Random(1);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(Task.of("t" + i, spectrum(d, i % 2 == 0 ? 0.2 : 0.8, rng)));
        }
        sigma = spectrum(d, 0.5, rng);
        Catalog catalog = new Catalog(tasks);
        weights = new double[12];
        java.util.Arrays.fill(weights, 1.0 / 12);
        p = Preconditioner.of(catalog, weights, 20);
        Problem problem = new Problem("bench", "", catalog, List.of(Target.of("t", sigma)),
                new Settings(20, 2 * d, List.of(8)), "bench");
        objective = new ExactObjective(problem, 8, OptionalInt.empty(), 20, ExactObjective.Sampling.DEFAULT);
    }

    private static SymmetricMatrix spectrum(int d, double alpha, Random rng) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = Math.pow(i + 1, -alpha);
        }
        // Random orthogonal basis from the eigenvectors of a random symmetric matrix.
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = rng.nextGaussian();
            }
        }
        return SymmetricMatrix.fromEigen(s, SymmetricMatrix.of(a).eigen().vectors());
    }

    @Benchmark
    public double[] infiniteMCurveTo32() {
        return CotError.infiniteM(p, sigma, 32);
    }

    @Benchmark
    public MonteCarloCurve monteCarlo200Parallel() {
        return CotError.monteCarlo(p, sigma, 2 * d, ks, new CotError.MonteCarloSettings(200, 1, true));
    }

    @Benchmark
    public MonteCarloCurve monteCarlo200Sequential() {
        return CotError.monteCarlo(p, sigma, 2 * d, ks, new CotError.MonteCarloSettings(200, 1, false));
    }

    @Benchmark
    public double exactObjectiveValueAndGradientK8() {
        return objective.valueAndGradient(weights, new double[12]);
    }
}
