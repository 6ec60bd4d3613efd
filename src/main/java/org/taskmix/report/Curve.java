package org.taskmix.report;

import java.util.Arrays;
import java.util.Objects;

import org.taskmix.linalg.Doubles;

/**
 * One error-versus-k curve of an error-vs-k chart: measured (solid, with markers and an optional
 * confidence band) or theory (dashed). Curves with the same {@code group} share a colour, so a
 * mixture's measured and predicted curves read as a pair.
 *
 * <p>Values need not be plottable: non-finite or non-positive errors cannot sit on the log axis
 * and are skipped by the chart with a note, never an exception.
 *
 * @param label  legend label, unique within one chart
 * @param group  colour key; null means the label (a curve of its own colour)
 * @param k      CoT step counts, non-negative and strictly increasing
 * @param error  error per dimension at each k (same length as k)
 * @param ciLow  lower end of the confidence interval at each k, or null
 * @param ciHigh upper end of the confidence interval at each k, or null (null iff ciLow is)
 * @param dashed true for a theory curve (dashed, no markers)
 * @param statistic which statistic over test prompts {@code error} is (drawn dotted for a median
 *                  or quantile, so it is told apart from a mean of the same mixture)
 */
public record Curve(String label, String group, int[] k, Doubles error, Doubles ciLow, Doubles ciHigh,
                    boolean dashed, Statistic statistic) {

    /** The statistic over test prompts a curve shows. */
    public enum Statistic {
        /** The mean (also a closed form, which is a mean over prompts). */
        MEAN,
        /** The median. */
        MEDIAN,
        /** Another quantile. */
        QUANTILE
    }

    /** A curve of means. */
    public Curve(String label, String group, int[] k, double[] error, double[] ciLow, double[] ciHigh, boolean dashed) {
        this(label, group, k, Doubles.of(error), Doubles.ofNullable(ciLow), Doubles.ofNullable(ciHigh), dashed,
                Statistic.MEAN);
    }

    public Curve {
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(error, "error");
        if (label.isBlank()) {
            throw new IllegalArgumentException("curve label must not be blank");
        }
        group = group == null || group.isBlank() ? label : group;
        if (k.length == 0) {
            throw new IllegalArgumentException("curve " + label + ": k is empty; need at least one point");
        }
        if (error.size() != k.length) {
            throw new IllegalArgumentException("curve " + label + ": error has " + error.size()
                    + " values for " + k.length + " k values");
        }
        if ((ciLow == null) != (ciHigh == null)) {
            throw new IllegalArgumentException("curve " + label + ": ciLow and ciHigh must both be given or both be null");
        }
        if (ciLow != null && (ciLow.size() != k.length || ciHigh.size() != k.length)) {
            throw new IllegalArgumentException("curve " + label + ": ciLow/ciHigh have " + ciLow.size() + "/"
                    + ciHigh.size() + " values for " + k.length + " k values");
        }
        for (int i = 0; i < k.length; i++) {
            if (k[i] < 0 || (i > 0 && k[i] <= k[i - 1])) {
                throw new IllegalArgumentException("curve " + label + ": k[" + i + "] = " + k[i]
                        + " must be >= 0 and greater than the previous k");
            }
        }
        k = k.clone();
    }

    /** A measured curve (solid line with markers) with a confidence band; CI arrays may be null. */
    public static Curve measured(String label, String group, int[] k, double[] error, double[] ciLow, double[] ciHigh) {
        return new Curve(label, group, k, error, ciLow, ciHigh, false);
    }

    /** A theory curve (dashed, no band). */
    public static Curve theory(String label, String group, int[] k, double[] error) {
        return new Curve(label, group, k, error, null, null, true);
    }

    /** This curve showing another statistic (e.g. {@link Statistic#MEDIAN}). */
    public Curve withStatistic(Statistic s) {
        return new Curve(label, group, k, error, ciLow, ciHigh, dashed, s);
    }

    @Override
    public int[] k() {
        return k.clone();
    }

    /** Whether this curve carries a confidence interval. */
    public boolean hasInterval() {
        return ciLow != null;
    }

    /** Number of points. */
    public int size() {
        return k.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && label.equals(c.label) && group.equals(c.group) && dashed == c.dashed
                && Arrays.equals(k, c.k) && error.equals(c.error)
                && Objects.equals(ciLow, c.ciLow) && Objects.equals(ciHigh, c.ciHigh) && statistic == c.statistic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, group, dashed, statistic, Arrays.hashCode(k), error, ciLow, ciHigh);
    }

    @Override
    public String toString() {
        return "Curve[" + label + ", group=" + group + ", k=" + Arrays.toString(k) + ", error="
                + error + (ciLow == null ? "" : ", ci=yes") + (dashed ? ", theory" : "") + ", " + statistic + "]";
    }
}
