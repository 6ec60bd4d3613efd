package org.taskmix.nonlinear;

import java.util.List;

/**
 * Measured test-time chain-of-thought error of a trained transformer on a target, per CoT
 * length {@code k = 1..kMax}, per dimension ({@code ‖ŵ_k − w*‖²/d}).
 *
 * @param points  one summary per {@code k}, ascending
 * @param m       examples per test prompt
 * @param prompts test prompts
 * @param seconds wall-clock time of the measurement
 */
public record TransformerCurve(List<Stats> points, int m, int prompts, double seconds) {

    public TransformerCurve {
        points = List.copyOf(points);
    }

    /** The summary at CoT length {@code k} (1-based). */
    public Stats at(int k) {
        return points.get(k - 1);
    }

    /** Longest CoT measured. */
    public int kMax() {
        return points.size();
    }
}
