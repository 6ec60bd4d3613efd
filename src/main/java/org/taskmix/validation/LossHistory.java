package org.taskmix.validation;

/**
 * Training loss over the run, possibly decimated: point {@code i} is the mean batch loss of
 * steps {@code i·stride + 1 .. min((i+1)·stride, steps)} (1-based), reported at its last step.
 *
 * @param stride steps per point (1 = every step kept)
 * @param steps  last step of each point (1-based)
 * @param values mean batch loss {@code ½‖f(E)[:, last] − (0, 0, w, 1)‖²} over the point's steps
 */
public record LossHistory(int stride, int[] steps, double[] values) {

    public LossHistory {
        if (stride < 1) {
            throw new IllegalArgumentException("stride: value " + stride + " must be >= 1");
        }
        if (steps.length != values.length) {
            throw new IllegalArgumentException(steps.length + " steps for " + values.length + " values");
        }
        steps = steps.clone();
        values = values.clone();
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Number of points. */
    public int size() {
        return values.length;
    }

    /** The last recorded value, or NaN if empty. */
    public double last() {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }
}
