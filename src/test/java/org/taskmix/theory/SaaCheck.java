package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.BoundedSimplex;

/**
 * Issue 12's acceptance check of the finite-m exact objective, run by hand (it takes minutes, so
 * it is not a unit test): on random problems (d = 8, 5 tasks, K = 8, m = 100) the SAA solution's
 * value on 100,000 fresh prompts against the best of 20 random restarts, each optimised on its
 * own 2048 fixed prompts, all evaluated on the same fresh prompts (common random numbers).
 *
 * <p>Usage: {@code java -cp target/taskmix.jar:target/test-classes org.taskmix.theory.SaaCheck
 * [problems] [fresh] [restarts]}.
 */
public final class SaaCheck {

    private SaaCheck() {
    }

    public static void main(String[] args) {
        int problems = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int fresh = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int restarts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int restartSamples = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
        int d = 8;
        int k = 8;
        int m = 100;
        for (int pi = 0; pi < problems; pi++) {
            Random rng = new Random(1000 + pi);
            List<Task> tasks = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                tasks.add(Task.of("t" + t, Fixtures.randomSpd(d, 0.05, 3, rng)));
            }
            SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.1, 2, rng);
            Problem problem = Fixtures.problem(tasks, sigma, 20, m);
            BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
            double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
            long t0 = System.nanoTime();
            ExactSelection.Result ours = ExactSelection.solve(problem, k, OptionalInt.of(m), start, feasible,
                    ExactSelection.Settings.DEFAULT);
            double oursSeconds = (System.nanoTime() - t0) * 1e-9;
            List<double[]> candidates = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int r = 0; r < restarts; r++) {
                double[] x0 = Fixtures.randomWeights(5, rng);
                ExactSelection.Settings fixed = new ExactSelection.Settings(500, 1e-6, 1e-12,
                        new ExactObjective.Sampling(restartSamples, 7_000 + 31L * r, true));
                candidates.add(ExactSelection.solve(problem, k, OptionalInt.of(m), x0, feasible, fixed).weights());
            }
            double restartSeconds = (System.nanoTime() - t1) * 1e-9;
            // Fresh prompts: one sample of `fresh` prompts, the same for every candidate.
            ExactObjective freshObj = new ExactObjective(problem, k, OptionalInt.of(m), problem.settings().n(),
                    new ExactObjective.Sampling(fresh, 987_654_321L, true));
            double[] vOurs = freshObj.sampleValues(ours.weights());
            double best = Double.POSITIVE_INFINITY;
            double[] vBest = null;
            for (double[] c : candidates) {
                double[] v = freshObj.sampleValues(c);
                double mean = mean(v);
                if (mean < best) {
                    best = mean;
                    vBest = v;
                }
            }
            double[] vStart = freshObj.sampleValues(start);
            double oursMean = mean(vOurs);
            // Paired difference (ours − best) per prompt: its mean and normal 95% interval.
            double[] diff = new double[fresh];
            for (int i = 0; i < fresh; i++) {
                diff[i] = vOurs[i] - vBest[i];
            }
            double dm = mean(diff);
            double se = sd(diff) / Math.sqrt(fresh);
            SaaSelection.Certificate c = ours.saa();
            System.out.printf(Locale.ROOT,
                    "problem %d: ours %.5g (start %.5g) best-of-%d %.5g; ours/best - 1 = %+.3f%% (paired 95%%: [%+.3f%%,"
                            + " %+.3f%%]); SAA N = %d, rounds %d, gap %.3g [%.3g, %.3g] %s; %.1f s (restarts %.1f s)%n",
                    pi, oursMean, mean(vStart), restarts, best, 100 * dm / best, 100 * (dm - 1.96 * se) / best,
                    100 * (dm + 1.96 * se) / best, c.samples(), c.rounds().size(), c.gapMean(), c.gapLow(),
                    c.gapHigh(), c.certified() ? "certified" : "not certified", oursSeconds, restartSeconds);
            for (SaaSelection.Round r : c.rounds()) {
                System.out.printf(Locale.ROOT, "  round N = %d: in-sample %.5g, gap mean %.3g, upper %.3g, fresh J %.5g%n",
                        r.samples(), r.value(), r.gapMean(), r.gapHigh(), r.fresh());
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        double mu = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mu) * (x - mu);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
