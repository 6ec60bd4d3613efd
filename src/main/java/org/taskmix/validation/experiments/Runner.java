package org.taskmix.validation.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.Validation;
import org.taskmix.validation.ValidationResult;

/**
 * Trains, measures and predicts one series: the step every experiment repeats per prompt length
 * or per mixture.
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
     * @param progress   progress of the training and evaluation phases, labelled with {@code name}
     */
    static Series run(String name, Problem problem, double[] weights, int n, int[] tableKs, int[] predictKs,
                      ExperimentSettings settings, ProgressListener progress) {
        for (int k : tableKs) {
            if (Arrays.binarySearch(predictKs, k) < 0) {
                throw new IllegalArgumentException("table k = " + k + " is not among the predicted k " + Arrays.toString(predictKs));
            }
        }
        Target target = problem.target();
        int m = problem.settings().m();
        int kMax = Math.max(tableKs[tableKs.length - 1], predictKs[predictKs.length - 1]);
        ValidationResult v = new Validation(settings.threads()).run(problem.catalog(), weights, n,
                target.covariance(), m, kMax, settings.train(), Prefixed.of(progress, name));
        CotCurve measured = v.measured();
        TrainingSummary summary = TrainingSummary.of(v, settings.train().batch());

        ProgressListener bar = Prefixed.of(progress, name);
        bar.start("predict", 1);
        long t0 = System.nanoTime();
        Prediction prediction = Prediction.of(problem, weights, new Prediction.Settings(predictKs, OptionalInt.of(m),
                settings.samples(), settings.predictionSeed(), n, settings.threads() > 1));
        double predictionSeconds = (System.nanoTime() - t0) / 1e9;
        bar.advance(1);
        bar.finish();
        double[] mInf = prediction.mInfinity();
        if (mInf.length < kMax) {
            // The theory returns k = 1..max(predictKs); the table may reach further only if asked to.
            throw new IllegalStateException("prediction covers k <= " + mInf.length + ", need " + kMax);
        }
        List<Prediction.Point> points = prediction.curve();
        List<Row> rows = new ArrayList<>();
        for (int k : tableKs) {
            Prediction.Point p = points.get(Arrays.binarySearch(predictKs, k));
            double mean = Double.NaN;
            double lo = Double.NaN;
            double hi = Double.NaN;
            double median = Double.NaN;
            double asTrained = Double.NaN;
            if (measured != null) {
                CotCurve.Point q = measured.at(k);
                mean = q.mean();
                lo = q.ciLow();
                hi = q.ciHigh();
                median = q.median();
                asTrained = v.measuredAsTrained() == null ? Double.NaN : v.measuredAsTrained().at(k).mean();
            }
            rows.add(new Row(name, n, k, mean, lo, hi, p.error(), p.ciLow(), p.ciHigh(), p.method(), mInf[k - 1],
                    median, p.median(), asTrained));
        }
        return new Series(name, n, weights, m, summary, measured, points, predictKs, mInf,
                prediction.targets().get(0).overthinking(), rows, predictionSeconds);
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

    /** {@code 1..kMax}. */
    static int[] range(int kMax) {
        int[] ks = new int[kMax];
        for (int i = 0; i < kMax; i++) {
            ks[i] = i + 1;
        }
        return ks;
    }

    /** Checks CoT lengths: non-empty, ascending, each in {@code [1, max]}. */
    static int[] checkKs(String what, int[] ks, int max) {
        if (ks.length == 0) {
            throw new IllegalArgumentException(what + ": at least one CoT length is required");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1 || ks[i] > max) {
                throw new IllegalArgumentException(what + "[" + i + "]: value " + ks[i] + " must lie in [1, " + max + "]");
            }
            if (i > 0 && ks[i] <= ks[i - 1]) {
                throw new IllegalArgumentException(what + "[" + i + "]: value " + ks[i] + " must exceed the previous entry "
                        + ks[i - 1] + " (ascending)");
            }
        }
        return ks.clone();
    }

    /** Progress with every phase name prefixed by the series label ("n=10 train"). */
    static final class Prefixed implements ProgressListener {
        private final ProgressListener inner;
        private final String prefix;

        private Prefixed(ProgressListener inner, String prefix) {
            this.inner = inner;
            this.prefix = prefix;
        }

        static ProgressListener of(ProgressListener inner, String prefix) {
            return inner == null || inner == ProgressListener.NONE ? ProgressListener.NONE : new Prefixed(inner, prefix);
        }

        @Override
        public void start(String phase, long total) {
            inner.start(prefix + " " + phase, total);
        }

        @Override
        public void advance(long done) {
            inner.advance(done);
        }

        @Override
        public void finish() {
            inner.finish();
        }
    }
}
