package org.taskmix.validation;

import org.taskmix.linalg.Doubles;

/**
 * Training loss over the run, possibly decimated: point {@code i} is the mean batch loss of
 * steps {@code i·stride + 1 .. min((i+1)·stride, steps)} (1-based), reported at its last step.
 *
 * @param stride steps per point (1 = every step kept)
 * @param steps  last step of each point (1-based)
 * @param values mean batch loss {@code ½‖f(E)[:, last] − (0, 0, w, 1)‖²} over the point's steps
 */
public record LossHistory(int stride, int[] steps, Doubles values) {

    public LossHistory {
        if (stride < 1) {
            throw new IllegalArgumentException("stride: value " + stride + " must be >= 1");
        }
        if (steps.length != values.size()) {
            throw new IllegalArgumentException(steps.length + " steps for " + values.size() + " values");
        }
        steps = steps.clone();
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    /** Number of points. */
    public int size() {
        return values.size();
    }

    /** The last recorded value, or NaN if empty. */
    public double last() {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    /**
     * Builds a history step by step, averaging the batch losses in blocks of {@link #stride} so a
     * run of any length keeps at most {@code maxPoints} points: the bookkeeping the linear and the
     * transformer trainers share.
     */
    public static final class Recorder {
        private final int steps;
        private final int stride;
        private final int[] pointSteps;
        private final double[] pointValues;
        private int points;
        private double blockSum;
        private int blockCount;

        /** For a run of {@code steps} steps kept to at most {@code maxPoints} points. */
        public Recorder(int steps, int maxPoints) {
            this.steps = steps;
            this.stride = Math.max(1, (steps + maxPoints - 1) / maxPoints);
            // One spare slot for a partial block closed after a divergence.
            this.pointSteps = new int[(steps + stride - 1) / stride + 1];
            this.pointValues = new double[pointSteps.length];
        }

        /** Adds the batch loss of 0-based {@code step} to the open block, without closing it. */
        public void add(double loss) {
            blockSum += loss;
            blockCount++;
        }

        /** Adds the loss of 0-based {@code step} and closes the block if it is full or the run's last. */
        public void record(int step, double loss) {
            add(loss);
            if (blockCount == stride || step == steps - 1) {
                flush(step + 1);
            }
        }

        /** Closes the open block, if it holds any loss, as a point reported at 1-based {@code step}. */
        public void flush(int step) {
            if (blockCount > 0) {
                pointSteps[points] = step;
                pointValues[points++] = blockSum / blockCount;
                blockSum = 0;
                blockCount = 0;
            }
        }

        /** Steps of the closed points (1-based). */
        public int[] steps() {
            return java.util.Arrays.copyOf(pointSteps, points);
        }

        /** Mean losses of the closed points. */
        public double[] values() {
            return java.util.Arrays.copyOf(pointValues, points);
        }

        /** The closed points as a history. */
        public LossHistory history() {
            return new LossHistory(stride, steps(), Doubles.of(values()));
        }
    }
}
