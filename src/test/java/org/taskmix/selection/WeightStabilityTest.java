package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;

class WeightStabilityTest {

    /** The tiny problem of problems/tiny.json: optimum (9/17, 8/17, 0), worked out by hand there. */
    private static Problem tiny() {
        List<Task> tasks = List.of(
                new Task("a", null, null, null, SymmetricMatrix.diagonal(2, 1), WeightLimits.NONE),
                new Task("b", null, null, null, SymmetricMatrix.diagonal(0.25, 4), WeightLimits.NONE),
                new Task("c", null, null, null, SymmetricMatrix.of(new double[][] {{2, 1}, {1, 4}}), WeightLimits.NONE));
        return new Problem("tiny", "", new Catalog(tasks), List.of(Target.of("t", SymmetricMatrix.diagonal(1, 2))),
                Settings.DEFAULT, "test");
    }

    private static final SelectionOptions PLAIN = new SelectionOptions(false, null);

    @Test
    void resultIsBitIdenticalForAnyThreadCount() {
        double[] n = {200, 200, 200};
        WeightStability.Result one = WeightStability.run(tiny(), PLAIN, null, n, Shrinkage.Method.NONE, 40, 3, 1);
        WeightStability.Result two = WeightStability.run(tiny(), PLAIN, null, n, Shrinkage.Method.NONE, 40, 3, 2);
        assertEquals(one, two);
    }

    @Test
    void manySamplesGiveTheExactOptimumEveryTime() {
        // With N = 1e10 samples the redrawn covariances differ from the truth by ~1e-5, so every
        // replicate selects a and b and never c (c's reduced gradient exceeds the others' by
        // 21/34, a margin no 1e-5 perturbation closes), with weights within 1e-3 of 9/17, 8/17.
        double[] n = {1e10, 1e10, 1e10};
        WeightStability.Result r = WeightStability.run(tiny(), PLAIN, null, n, Shrinkage.Method.NONE, 20, 1, 2);
        assertEquals(1.0, r.tasks().get(0).selectedFraction());
        assertEquals(1.0, r.tasks().get(1).selectedFraction());
        assertEquals(0.0, r.tasks().get(2).selectedFraction());
        assertEquals(9.0 / 17, r.tasks().get(0).weightLow(), 1e-3);
        assertEquals(9.0 / 17, r.tasks().get(0).weightHigh(), 1e-3);
        assertEquals(3.0, r.tasks().get(0).hardnessMedian(), 1e-3);
        assertEquals(0, r.notOptimal());
    }

    @Test
    void fewSamplesWidenTheIntervals() {
        WeightStability.Result wide = WeightStability.run(tiny(), PLAIN, null, new double[] {20, 20, 20},
                Shrinkage.Method.NONE, 100, 1, 2);
        WeightStability.Result narrow = WeightStability.run(tiny(), PLAIN, null, new double[] {2000, 2000, 2000},
                Shrinkage.Method.NONE, 100, 1, 2);
        for (int i = 0; i < 2; i++) {
            var w = wide.tasks().get(i);
            var s = narrow.tasks().get(i);
            assertTrue(w.weightHigh() - w.weightLow() > 3 * (s.weightHigh() - s.weightLow()), w + " vs " + s);
            assertTrue(w.weightLow() <= w.weightMedian() && w.weightMedian() <= w.weightHigh());
        }
        // Hardness intervals from 2000 samples cover the truth (a: 3, b: 17).
        assertTrue(narrow.tasks().get(0).hardnessLow() < 3 && 3 < narrow.tasks().get(0).hardnessHigh() * 1.01);
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1.15, WeightStability.quantile(v, 0.05), 1e-12);
        assertEquals(2.5, WeightStability.quantile(v, 0.5), 1e-12);
        assertEquals(3.85, WeightStability.quantile(v, 0.95), 1e-12);
    }
}
