package org.taskmix.linalg;

/**
 * The sample mean and standard deviation of a plain array, summed in index order (so every caller
 * gets the same bits for the same values). NaN for an empty array; the deviation needs two values.
 */
public final class Moments {

    private Moments() {
    }

    /** {@code Σ v_i / n}; NaN when {@code v} is empty. */
    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The sample standard deviation, divisor {@code n − 1}; NaN for fewer than two values. */
    public static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
