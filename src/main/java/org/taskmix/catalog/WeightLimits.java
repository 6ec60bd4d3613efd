package org.taskmix.catalog;

/**
 * Per-task limits on the mixture weight, as given in the problem file.
 *
 * @param min   lower bound, default 0
 * @param max   upper bound, default 1
 * @param fixed if non-null, the weight is fixed to this value (then {@code min ≤ fixed ≤ max})
 */
public record WeightLimits(double min, double max, Double fixed) {

    /** No limit beyond the simplex. */
    public static final WeightLimits NONE = new WeightLimits(0, 1, null);

    public WeightLimits {
        if (!(min >= 0 && min <= 1)) {
            throw new IllegalArgumentException("minWeight " + min + " must lie in [0, 1]");
        }
        if (!(max >= 0 && max <= 1)) {
            throw new IllegalArgumentException("maxWeight " + max + " must lie in [0, 1]");
        }
        if (min > max) {
            throw new IllegalArgumentException("minWeight " + min + " exceeds maxWeight " + max);
        }
        if (fixed != null && !(fixed >= min && fixed <= max)) {
            throw new IllegalArgumentException("fixedWeight " + fixed + " lies outside [minWeight, maxWeight] = ["
                    + min + ", " + max + "]");
        }
    }

    /** The effective lower bound (the fixed value if fixed). */
    public double lower() {
        return fixed != null ? fixed : min;
    }

    /** The effective upper bound (the fixed value if fixed). */
    public double upper() {
        return fixed != null ? fixed : max;
    }

    /** True if this is {@link #NONE}. */
    public boolean isFree() {
        return fixed == null && min == 0 && max == 1;
    }
}
