package org.taskmix.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of training tasks of one dimension with unique names. Weight vectors
 * everywhere in taskmix are indexed in this order.
 */
public record Catalog(List<Task> tasks) {

    public Catalog {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("catalog is empty; at least one task is required");
        }
        int d = tasks.get(0).dim();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Integer prev = seen.put(t.name(), i);
            if (prev != null) {
                throw new IllegalArgumentException("tasks[" + i + "].name: \"" + t.name()
                        + "\" duplicates tasks[" + prev + "].name; task names must be unique");
            }
            if (t.dim() != d) {
                throw new IllegalArgumentException("tasks[" + i + "]: covariance is " + t.dim() + "x" + t.dim()
                        + " but tasks[0] is " + d + "x" + d + "; all tasks must have one dimension");
            }
        }
    }

    /** Number of tasks {@code T}. */
    public int size() {
        return tasks.size();
    }

    /** Feature dimension {@code d}. */
    public int dim() {
        return tasks.get(0).dim();
    }

    /** Task {@code i}. */
    public Task task(int i) {
        return tasks.get(i);
    }

    /** Index of the task with this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Task names in catalog order. */
    public List<String> names() {
        return tasks.stream().map(Task::name).toList();
    }
}
