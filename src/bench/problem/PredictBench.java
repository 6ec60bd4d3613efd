import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Prediction;

/**
 * One `compare` prediction (k = 1..16, m = 40, 400 prompts, n = 20, target I) of the uniform
 * mixture of T dense tasks in d dimensions, without reading a problem file (whose per-task checks
 * are timed by the chain): Lambda_j = diag(i^-alpha_j) + 0.1 u_j u_j^T / d, u_j Gaussian (dense,
 * positive definite, O(d^2) to build). Prints the wall time of each of REPS predictions.
 *
 *   java -Xmx14g --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/problem/PredictBench.java 4096 20 1
 */
public class PredictBench {
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]);
        int t = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        SplittableRandom rng = new SplittableRandom(1);
        List<Task> tasks = new ArrayList<>();
        for (int j = 0; j < t; j++) {
            double alpha = 0.2 + 0.6 * j / Math.max(1, t - 1);
            double[] u = new double[d];
            for (int i = 0; i < d; i++) {
                u[i] = rng.nextGaussian();
            }
            double[][] rows = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    rows[a][b] = 0.1 * u[a] * u[b] / d;
                }
                rows[a][a] += Math.pow(a + 1, -alpha);
            }
            tasks.add(Task.of(String.format("t%03d", j), SymmetricMatrix.of(rows)));
        }
        Problem problem = new Problem("bench", "PredictBench", new Catalog(tasks),
                List.of(Target.of("target", SymmetricMatrix.identity(d))), new Settings(20, 40, List.of(1, 2, 4, 8, 16)),
                "bench");
        double[] w = new double[t];
        java.util.Arrays.fill(w, 1.0 / t);
        int[] ks = java.util.stream.IntStream.rangeClosed(1, 16).toArray();
        Prediction.Settings s = new Prediction.Settings(ks, OptionalInt.of(40), 400, 1, 20, true);
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Prediction p = Prediction.of(problem, w, s);
            System.out.printf("d %d, %d tasks: prediction %.1f s (k* %d, error(16) at m=40 %.6f)%n", d, t,
                    (System.nanoTime() - t0) / 1e9, p.kStar(), p.curve().get(15).error());
        }
    }
}
