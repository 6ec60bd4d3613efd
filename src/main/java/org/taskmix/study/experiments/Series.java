package org.taskmix.study.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.taskmix.study.TrainingSummary;
import org.taskmix.theory.Overthinking;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;

/**
 * One trained model of an experiment, measured and predicted: a study entry ({@link
 * org.taskmix.study.Study.Entry}) with its table rows.
 *
 * @param name          label ("n=10", "uniform", ...)
 * @param n             training prompt length
 * @param weights       mixture weights in catalog order
 * @param m             test prompt length
 * @param training      the training run
 * @param measured      measured CoT error for {@code k = 1..kMax}, or null if training diverged
 * @param prediction    the theory at {@code m} and at {@code m = ∞} for the series' mixture and {@code n}
 * @param rows          the table lines of this series, at the experiment's CoT lengths
 * @param predictionSeconds wall-clock time of the prediction
 */
public record Series(String name, int n, double[] weights, int m, TrainingSummary training, CotCurve measured,
                     Prediction prediction, List<Row> rows, double predictionSeconds) {

    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(prediction, "prediction");
        weights = weights.clone();
        rows = List.copyOf(rows);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The finite-{@code m} prediction at {@link #predictedKs()} (one entry per k). */
    public List<Prediction.Point> predicted() {
        return prediction.curve();
    }

    /** CoT lengths of {@link #predicted()}. */
    public int[] predictedKs() {
        return prediction.settings().ks();
    }

    /** The {@code m = ∞} prediction for {@code k = 1..kMax} (element {@code k − 1}). */
    public double[] mInfinity() {
        return prediction.mInfinity();
    }

    /** Eigenvalues {@code μ} of {@code PΣ} on the first target, and their classification. */
    public Overthinking overthinking() {
        return prediction.targets().get(0).overthinking();
    }

    /** Measured mean error at {@code k} (NaN if not measured). */
    public double measuredAt(int k) {
        return measured == null ? Double.NaN : measured.at(k).mean();
    }

    /** An experiment's outcome as a table: its series, and their lines series by series. */
    public interface Table {

        /** The trained, measured and predicted series, in the experiment's order. */
        List<Series> series();

        /** Every table line, series by series. */
        default List<Row> rows() {
            List<Row> out = new ArrayList<>();
            series().forEach(s -> out.addAll(s.rows()));
            return out;
        }
    }

    /** The row at CoT length {@code k}. */
    public Row row(int k) {
        for (Row r : rows) {
            if (r.k() == k) {
                return r;
            }
        }
        throw new IllegalArgumentException("series " + name + " has no row at k = " + k);
    }

    /** Finite-{@code m} predicted error at {@code k} (must be one of {@link #predictedKs()}). */
    public double predictedAt(int k) {
        for (Prediction.Point p : prediction.curve()) {
            if (p.k() == k) {
                return p.error();
            }
        }
        throw new IllegalArgumentException("series " + name + " has no prediction at k = " + k);
    }

    /** Measured means for {@code k = 1..kMax} (NaN-filled if not measured). */
    public double[] measuredCurve() {
        int kMax = prediction.mInfinity().length;
        double[] out = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            out[k - 1] = measuredAt(k);
        }
        return out;
    }
}
