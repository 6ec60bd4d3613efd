package org.taskmix.validation;

import java.util.List;

/**
 * Measured test-time CoT error of a model on a target, per CoT length {@code k = 1..kMax},
 * normalised per dimension ({@code ‖w_k − w*‖² / d}, docs/theory.md §4).
 *
 * @param points           one point per {@code k}, ascending
 * @param prompts          test prompts averaged
 * @param m                examples per test prompt
 * @param promptSteps      forward passes run ({@code prompts · kMax})
 * @param seconds          wall-clock evaluation time
 */
public record CotCurve(List<Point> points, int prompts, int m, long promptSteps, double seconds) {

    /** The 95% normal-approximation interval uses this quantile of N(0, 1). */
    public static final double Z95 = 1.959963984540054;

    public CotCurve {
        points = List.copyOf(points);
    }

    /**
     * Error after {@code k} steps over the test prompts: the mean with a 95% BCa bootstrap
     * interval (never below 0), the median with its 95% order-statistic interval, and the
     * 10%/90% quantiles ({@link org.taskmix.theory.ErrorSummary}; docs/theory.md §7). The
     * per-prompt error is heavy-tailed at finite {@code m}, so reports say which statistic a
     * claim is about.
     *
     * @param k          CoT length
     * @param mean       mean of {@code ‖w_k − w*‖² / d}
     * @param sd         sample standard deviation across prompts
     * @param ciLow      lower end of the 95% interval of the mean
     * @param ciHigh     upper end of the 95% interval of the mean
     * @param median     median over prompts
     * @param medianLow  lower end of the 95% interval of the median
     * @param medianHigh upper end of the 95% interval of the median
     * @param q10        10% quantile over prompts
     * @param q90        90% quantile over prompts
     * @param prompts    number of prompts
     */
    public record Point(int k, double mean, double sd, double ciLow, double ciHigh, double median, double medianLow,
                        double medianHigh, double q10, double q90, int prompts) {

        /** A point known only by its mean and normal interval (no distribution kept). */
        public Point(int k, double mean, double sd, double ciLow, double ciHigh) {
            this(k, mean, sd, ciLow, ciHigh, mean, mean, mean, mean, mean, 0);
        }

        /** Standard error of the mean, {@code sd/√N} (the normal-approximation scale). */
        public double standardError() {
            return prompts > 0 ? sd / Math.sqrt(prompts) : (ciHigh - ciLow) / (2 * Z95);
        }
    }

    /** Largest CoT length measured. */
    public int kMax() {
        return points.size();
    }

    /** The point for CoT length {@code k} ({@code 1 ≤ k ≤ kMax}). */
    public Point at(int k) {
        if (k < 1 || k > points.size()) {
            throw new IllegalArgumentException("k: value " + k + " must lie in [1, " + points.size() + "]");
        }
        return points.get(k - 1);
    }
}
