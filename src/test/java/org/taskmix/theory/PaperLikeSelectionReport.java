package org.taskmix.theory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.selection.BoundedSimplex;

/**
 * Not a test: a small program that measures how much the exact CoT objective improves on the
 * surrogate's solution on a paper-like task-selection set-up (four task types, easy/hard ×
 * short/long). Run with {@code java -cp target/classes:target/test-classes:<deps>
 * org.taskmix.theory.PaperLikeSelectionReport [d] [perType] [m] [samples]}.
 */
public final class PaperLikeSelectionReport {

    private PaperLikeSelectionReport() {
    }

    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int perType = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        for (int[] ns : new int[][] {{20, 100}, {20, 20}}) {
            Problem problem = Fixtures.paperLike(d, perType, ns[0], ns[1], m, 2026);
            BoundedSimplex feasible = ExactSelection.feasibleSet(problem.catalog());
            long t0 = System.nanoTime();
            double[] start = Fixtures.surrogateOptimum(problem, feasible, 200_000);
            ExactObjective s1 = ExactObjective.of(problem, 1, OptionalInt.empty());
            double[] g = new double[start.length];
            System.out.printf(Locale.ROOT, "%n== d=%d, %d tasks, n_short=%d n_long=%d, m=%d ==%n", d,
                    problem.catalog().size(), ns[0], ns[1], m);
            System.out.printf(Locale.ROOT, "surrogate solution: objective %.6g (%.1f s); groups %s%n",
                    s1.surrogate(start), (System.nanoTime() - t0) / 1e9, groups(problem, start));
            surrogateGap(problem, start, feasible);
            double[] uniform = new double[start.length];
            java.util.Arrays.fill(uniform, 1.0 / start.length);
            for (int k : new int[] {1, 8, 32}) {
                for (OptionalInt mm : new OptionalInt[] {OptionalInt.empty(), OptionalInt.of(m)}) {
                    long t = System.nanoTime();
                    ExactSelection.Settings settings = new ExactSelection.Settings(300, 1e-6, 0,
                            new ExactObjective.Sampling(samples, 7, true, 2000));
                    ExactSelection.Result r = ExactSelection.solve(problem, k, mm, start, feasible, settings);
                    double secs = (System.nanoTime() - t) / 1e9;
                    ExactObjective obj = new ExactObjective(problem, k, mm, problem.settings().n(), settings.sampling());
                    String mText = mm.isPresent() ? String.valueOf(mm.getAsInt()) : "inf";
                    System.out.printf(Locale.ROOT, "K=%2d m=%-4s J: surrogate sol %.5g -> exact sol %.5g (%.1f%% lower;"
                                    + " uniform %.5g); surrogate objective %.5g -> %.5g; %s after %d it, gap %.2g, %.1f s%n",
                            k, mText, r.atStart().exact(), r.atResult().exact(), 100 * r.improvement(),
                            obj.value(uniform), r.atStart().surrogate(), r.atResult().surrogate(), r.status(),
                            r.iterations(), r.frankWolfeGap(), secs);
                    System.out.println("      groups " + groups(problem, r.weights().toArray()));
                    if (r.holdoutResult() != null) {
                        ExactObjective.Estimate a = r.holdoutStart();
                        ExactObjective.Estimate b = r.holdoutResult();
                        System.out.printf(Locale.ROOT, "      hold-out (%d fresh prompts): start %.5g [%.5g, %.5g],"
                                + " exact sol %.5g [%.5g, %.5g]%n", b.samples(), a.mean(), a.ciLow(), a.ciHigh(),
                                b.mean(), b.ciLow(), b.ciHigh());
                    }
                    for (String w : r.warnings()) {
                        System.out.println("      warning: " + w);
                    }
                }
            }
        }
    }

    private static void surrogateGap(Problem problem, double[] x, BoundedSimplex feasible) {
        ExactObjective obj = ExactObjective.of(problem, 1, OptionalInt.empty());
        double h = 1e-7;
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] q = x.clone();
            p[i] += h;
            q[i] -= h;
            g[i] = (obj.surrogate(p) - obj.surrogate(q)) / (2 * h);
        }
        System.out.printf(Locale.ROOT, "surrogate Frank-Wolfe gap (finite-difference gradient) %.2g%n",
                ExactSelection.frankWolfeGap(feasible, x, g));
    }

    private static String groups(Problem problem, double[] w) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) {
            out.merge(problem.catalog().task(i).group(), w[i], Double::sum);
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.3f", v)).append(' '));
        return sb.toString().trim();
    }
}
