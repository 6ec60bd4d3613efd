package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.io.ProblemReader;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;

/**
 * Re-measures the README's finite-m demo claims (issue 12): the demo's mixtures on
 * problems/paper-task-selection.json at k = 1 and 8, m = its settings.m, on fresh prompts, with
 * the mean (BCa interval), median (order-statistic interval) and 10%/90% quantiles. The exact
 * optimum is computed both as the README did (64 fixed prompts, no SAA) and, if asked, by SAA.
 *
 * <p>Usage: {@code java -cp target/taskmix.jar:target/test-classes org.taskmix.theory.DemoRemeasure
 * [samples] [saa]}.
 */
public final class DemoRemeasure {

    private DemoRemeasure() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean saa = args.length > 1 && args[1].equals("saa");
        Problem problem = ProblemReader.read(java.nio.file.Path.of("problems/paper-task-selection.json"));
        int m = problem.settings().m();
        int k = 8;
        Selection.Solution s = Selection.solve(problem, SelectionOptions.DEFAULT, null);
        List<Mixture> mixes = new ArrayList<>();
        mixes.add(s.mixture());
        long t0 = System.nanoTime();
        ExactSelection.Result fixed = ExactSelection.solve(problem, k, OptionalInt.of(m), s.result().weights().toArray(),
                ExactSelection.feasibleSet(problem.catalog()),
                new ExactSelection.Settings(500, 1e-6, 1e-12, ExactObjective.Sampling.DEFAULT, 64, null));
        System.out.printf(Locale.ROOT, "exact (64 fixed prompts, as in the README): %.1f s, status %s%n",
                (System.nanoTime() - t0) * 1e-9, fixed.status());
        mixes.add(new Mixture("exact-64", fixed.weights().toArray(), "J_8 on 64 fixed prompts"));
        if (saa) {
            long t1 = System.nanoTime();
            ExactSelection.Result r = ExactSelection.solve(problem, k, OptionalInt.of(m), s.result().weights().toArray(),
                    ExactSelection.feasibleSet(problem.catalog()), ExactSelection.Settings.DEFAULT.with(
                            ExactObjective.Sampling.DEFAULT, new SaaSelection.Settings(64, 512, 3, 0.01, 20_000)));
            System.out.printf(Locale.ROOT, "exact (SAA): %.1f s; %s%n", (System.nanoTime() - t1) * 1e-9,
                    r.saa().statement());
            mixes.add(new Mixture("exact-saa", r.weights().toArray(), "J_8 by SAA"));
        }
        mixes.addAll(Baselines.of(problem, s.program()));
        for (Mixture mx : mixes) {
            long t2 = System.nanoTime();
            Prediction p = Prediction.of(problem, mx.weights(), new Prediction.Settings(new int[] {1, k},
                    OptionalInt.of(m), samples, 424242, problem.settings().n(), true));
            for (Prediction.Point pt : p.curve()) {
                System.out.printf(Locale.ROOT, "%-12s k=%d mean %.4g [%.4g, %.4g]  median %.4g [%.4g, %.4g]  q10 %.4g"
                                + "  q90 %.4g  (m=inf %.4g)%n", mx.name(), pt.k(), pt.error(), pt.ciLow(), pt.ciHigh(),
                        pt.median(), pt.medianLow(), pt.medianHigh(), pt.q10(), pt.q90(), p.mInfinity()[pt.k() - 1]);
            }
            System.out.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - t2) * 1e-9);
        }
    }
}
