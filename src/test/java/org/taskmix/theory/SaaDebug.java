package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.BoundedSimplex;

/** Debug helper for the first-round starts of SaaSelection (run by hand). */
public final class SaaDebug {
    private SaaDebug() {
    }

    public static void main(String[] args) {
        int d = 8;
        Random rng = new Random(1000);
        List<Task> tasks = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            tasks.add(Task.of("t" + t, Fixtures.randomSpd(d, 0.05, 3, rng)));
        }
        SymmetricMatrix sigma = Fixtures.randomSpd(d, 0.1, 2, rng);
        Problem problem = Fixtures.problem(tasks, sigma, 20, 100);
        BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
        double[] start = Fixtures.surrogateOptimum(problem, feasible, 20_000);
        ExactObjective obj = new ExactObjective(problem, 8, OptionalInt.of(100), 20, ExactObjective.Sampling.DEFAULT);
        ExactObjective big = new ExactObjective(problem, 8, OptionalInt.of(100), 20,
                new ExactObjective.Sampling(100_000, 987_654_321L, true));
        ExactSelection.Result r0 = ExactSelection.solve(obj, start, feasible, ExactSelection.Settings.DEFAULT);
        report("from start", obj, big, r0.weights());
        java.util.SplittableRandom sr = new java.util.SplittableRandom(1L ^ SaaSelection.STARTS_SEED_MIX);
        for (int s = 0; s < 8; s++) {
            double[] y = new double[5];
            double sum = 0;
            for (int i = 0; i < 5; i++) {
                y[i] = s == 0 ? 1 : -Math.log(1 - sr.nextDouble());
                sum += y[i];
            }
            for (int i = 0; i < 5; i++) {
                y[i] /= sum;
            }
            double[] x0 = new double[5];
            feasible.project(y, x0);
            ExactSelection.Result r = ExactSelection.solve(obj, x0, feasible, ExactSelection.Settings.DEFAULT);
            report("start " + s, obj, big, r.weights());
        }
    }

    private static void report(String what, ExactObjective obj, ExactObjective big, double[] w) {
        long fs = 1L ^ SaaSelection.FRESH_SEED_MIX ^ SaaSelection.STARTS_SEED_MIX;
        ExactObjective.FreshEstimate f = obj.fresh(w, 20_000, fs);
        double[] v = big.sampleValues(w);
        double m = 0;
        for (double x : v) {
            m += x;
        }
        System.out.printf("%s: in-sample %.5g fresh plain %.5g cv %.5g  big %.5g  w %s%n", what, obj.value(w),
                f.plainMean(), f.value(), m / v.length, java.util.Arrays.toString(w));
    }
}
