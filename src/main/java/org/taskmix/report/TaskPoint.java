package org.taskmix.report;

import java.util.Objects;

/**
 * One point of the weight-against-hardness chart.
 *
 * @param name     task name
 * @param group    group label; null or blank becomes {@link TaskBar#NO_GROUP}
 * @param hardness {@code tr(Λ)/λ_min(Λ)}: positive, or {@link Double#POSITIVE_INFINITY} for a
 *                 singular covariance (drawn at the right edge and marked "singular")
 * @param weight   the task's weight in the mixture; finite
 */
public record TaskPoint(String name, String group, double hardness, double weight) {

    public TaskPoint {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("task point name must not be blank");
        }
        group = group == null || group.isBlank() ? TaskBar.NO_GROUP : group;
        if (!(hardness > 0)) {
            throw new IllegalArgumentException("task " + name + ": hardness " + hardness
                    + " must be positive (or Infinity for a singular covariance)");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("task " + name + ": weight " + weight + " must be finite");
        }
    }

    /** Whether the task's covariance is singular (infinite hardness). */
    public boolean singular() {
        return hardness == Double.POSITIVE_INFINITY;
    }
}
