package org.taskmix.validation;

import java.util.List;

/**
 * Measured test-time CoT error of a model on a target, per CoT length {@code k = 1..kMax},
 * normalised per dimension ({@code ‖w_k − w*‖² / d}, math.md §4).
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
     * Error after {@code k} steps over the test prompts.
     *
     * @param k      CoT length
     * @param mean   mean of {@code ‖w_k − w*‖² / d}
     * @param sd     sample standard deviation across prompts
     * @param ciLow  {@code mean − 1.96·sd/√N}
     * @param ciHigh {@code mean + 1.96·sd/√N}
     */
    public record Point(int k, double mean, double sd, double ciLow, double ciHigh) {
        /** Standard error of the mean. */
        public double standardError() {
            return (ciHigh - ciLow) / (2 * Z95);
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
