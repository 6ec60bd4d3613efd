package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;

/**
 * Per-task weight limits as a feasible set, checked before any solver runs so that an empty set
 * is reported naming the tasks whose limits conflict.
 */
public final class Constraints {

    /** How many task names a message lists before abbreviating. */
    static final int NAMES_SHOWN = 8;

    private Constraints() {
    }

    /**
     * The feasible set of {@code catalog}'s limits.
     *
     * @throws IllegalArgumentException if minimum and fixed weights sum above 1, or maximum and fixed
     *         weights below 1, naming the tasks and the sum
     */
    public static BoundedSimplex of(Catalog catalog) {
        int t = catalog.size();
        double[] lo = new double[t];
        double[] hi = new double[t];
        double loSum = 0;
        double hiSum = 0;
        List<String> lowerNames = new ArrayList<>();
        List<String> upperNames = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            Task task = catalog.task(i);
            WeightLimits w = task.limits();
            lo[i] = w.lower();
            hi[i] = w.upper();
            loSum += lo[i];
            hiSum += hi[i];
            if (lo[i] > 0) {
                lowerNames.add(describe(task.name(), w, true));
            }
            upperNames.add(describe(task.name(), w, false));
        }
        if (loSum > 1 + BoundedSimplex.FEASIBILITY_TOLERANCE) {
            throw new IllegalArgumentException("infeasible weight constraints: the minimum and fixed weights of "
                    + list(lowerNames) + " sum to " + loSum + " > 1");
        }
        if (hiSum < 1 - BoundedSimplex.FEASIBILITY_TOLERANCE) {
            throw new IllegalArgumentException("infeasible weight constraints: every task has a maximum or fixed weight and "
                    + "they sum to " + hiSum + " < 1 (" + list(upperNames) + "), so the weights cannot sum to 1");
        }
        return new BoundedSimplex(lo, hi);
    }

    private static String describe(String name, WeightLimits w, boolean lower) {
        if (w.fixed() != null) {
            return name + " (fixedWeight " + w.fixed() + ")";
        }
        return lower ? name + " (minWeight " + w.min() + ")" : name + " (maxWeight " + w.max() + ")";
    }

    private static String list(List<String> items) {
        if (items.size() <= NAMES_SHOWN) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, NAMES_SHOWN)) + ", ... (" + items.size() + " tasks in all)";
    }
}
