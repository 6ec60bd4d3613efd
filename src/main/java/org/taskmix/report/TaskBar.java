package org.taskmix.report;

import java.util.Objects;

/**
 * One bar of the weights-by-task chart: a task's mixture weight and the group it is coloured by.
 *
 * @param name   task name, unique within one chart
 * @param group  group label (e.g. "Hard-Long"); null or blank becomes {@link #NO_GROUP}
 * @param weight the task's weight in the mixture; finite
 */
public record TaskBar(String name, String group, double weight) {

    /** Group label used for tasks without one. */
    public static final String NO_GROUP = "(no group)";

    public TaskBar {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("task bar name must not be blank");
        }
        group = group == null || group.isBlank() ? NO_GROUP : group;
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("task " + name + ": weight " + weight + " must be finite");
        }
    }
}
