package org.taskmix.study.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.selection.Mixture;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;
import org.taskmix.study.TrainingSummary;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.ValidationResult;

/**
 * One series of an experiment through the study engine {@link Study}: the step every experiment
 * repeats per prompt length or per mixture, with the engine's entry turned into the table rows of
 * a {@link Series}.
 */
final class Runner {

    private Runner() {
    }

    /**
     * One series on the problem's first target.
     *
     * @param name       series label
     * @param problem    catalog, target and {@code m}
     * @param weights    mixture weights, catalog order
     * @param n          training prompt length
     * @param tableKs    CoT lengths of the table rows (ascending)
     * @param predictKs  CoT lengths of the finite-{@code m} prediction; must contain {@code tableKs}
     *                   (more lengths cost more Monte Carlo work, fewer cannot fill the table)
     * @param settings   training, sampling and threads
     * @param progress   progress of the training, evaluation and prediction phases, labelled with {@code name}
     */
    static Series run(String name, Problem problem, double[] weights, int n, int[] tableKs, int[] predictKs,
                      ExperimentSettings settings, ProgressListener progress) {
        for (int k : tableKs) {
            if (Arrays.binarySearch(predictKs, k) < 0) {
                throw new IllegalArgumentException("table k = " + k + " is not among the predicted k " + Arrays.toString(predictKs));
            }
        }
        int m = problem.settings().m();
        Study.Options options = new Study.Options(predictKs, TestLength.of(m), settings.samples(),
                settings.predictionSeed(), true, settings.train(), settings.threads(), null, null, OptionalInt.of(n));
        Study.Entry entry = Study.run(problem, null, List.of(new Mixture(name, weights, name)), options,
                Study.labelled(progress, name)).get(0);
        if (entry.prediction() == null) {
            throw new IllegalArgumentException(entry.predictionProblem());
        }
        ValidationResult v = entry.validation();
        Prediction prediction = entry.prediction();
        double[] mInf = prediction.mInfinity();
        int kMax = options.kMax();
        if (mInf.length < kMax) {
            // The theory returns k = 1..max(predictKs); the table may reach further only if asked to.
            throw new IllegalStateException("prediction covers k <= " + mInf.length + ", need " + kMax);
        }
        List<Prediction.Point> points = prediction.curve();
        List<Row> rows = new ArrayList<>();
        for (int k : tableKs) {
            rows.add(row(name, n, k, v, points.get(Arrays.binarySearch(predictKs, k)), mInf[k - 1]));
        }
        return new Series(name, n, weights, m, TrainingSummary.of(v, settings.train().batch()), v.measured(), prediction,
                rows, entry.predictionSeconds());
    }

    /** The table line at {@code k}: measured (NaN if training diverged) beside predicted. */
    private static Row row(String name, int n, int k, ValidationResult v, Prediction.Point p, double mInf) {
        CotCurve measured = v.measured();
        if (measured == null) {
            return new Row(name, n, k, Double.NaN, Double.NaN, Double.NaN, p.error(), p.ciLow(), p.ciHigh(), p.method(),
                    mInf, Double.NaN, p.median(), Double.NaN);
        }
        CotCurve.Point q = measured.at(k);
        double asTrained = v.measuredAsTrained() == null ? Double.NaN : v.measuredAsTrained().at(k).mean();
        return new Row(name, n, k, q.mean(), q.ciLow(), q.ciHigh(), p.error(), p.ciLow(), p.ciHigh(), p.method(), mInf,
                q.median(), p.median(), asTrained);
    }

    /**
     * One single-task series per training prompt length {@code n} (labelled {@code "n=N"}, weight 1),
     * in the order of {@code ns}: the loop of the experiments that vary {@code n}.
     *
     * @param testLengthIsN if true, each series is tested at {@code m = n} instead of the problem's {@code m}
     */
    static List<Series> perN(Problem problem, int[] ns, boolean testLengthIsN, int[] tableKs, int[] predictKs,
                             ExperimentSettings settings, ProgressListener progress) {
        List<Series> series = new ArrayList<>();
        for (int n : ns) {
            series.add(run("n=" + n, testLengthIsN ? Readings.withTestLength(problem, n) : problem, new double[] {1.0},
                    n, tableKs, predictKs, settings, progress));
        }
        return series;
    }

    /** Checks training prompt lengths: ascending, each {@code >= 1}, at least two (the checks compare them). */
    static int[] checkNs(int[] ns) {
        int[] out = Study.checkKs("ns", ns, Integer.MAX_VALUE);
        if (out.length < 2) {
            throw new IllegalArgumentException("ns: need at least two training prompt lengths to compare, got " + out.length);
        }
        return out;
    }

    /**
     * Rejects a problem whose catalog is not exactly one task, for the experiments that train on one.
     *
     * @throws IllegalArgumentException naming the experiment and the task count
     */
    static void requireOneTask(String experiment, Problem problem) {
        if (problem.catalog().size() != 1) {
            throw new IllegalArgumentException(experiment + ": problem " + problem.name() + " has "
                    + problem.catalog().size() + " tasks; the experiment trains on exactly one task");
        }
    }
}
