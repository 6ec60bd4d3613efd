package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BoundedSimplexTest {

    /** Projection sums to 1 up to a few ulps of T terms. */
    private static final double SUM_TOLERANCE = 1e-14;

    @Test
    void vertexProjectsToItselfExactly() {
        double[] out = new double[2];
        BoundedSimplex.simplex(2).project(new double[] {1, 0}, out);
        assertArrayEquals(new double[] {1, 0}, out, 0.0);
    }

    @Test
    void handProjection() {
        // y = (0.5, 0.5, 0.5): tau = 1/6, each weight 1/3.
        double[] out = new double[3];
        BoundedSimplex.simplex(3).project(new double[] {0.5, 0.5, 0.5}, out);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, out, 1e-15);
        // y = (2, 0, -1): all mass on the first.
        BoundedSimplex.simplex(3).project(new double[] {2, 0, -1}, out);
        assertArrayEquals(new double[] {1, 0, 0}, out, 0.0);
    }

    @Test
    void projectionIsTheClosestFeasiblePoint() {
        SplittableRandom r = new SplittableRandom(3);
        double[] lo = {0.1, 0, 0, 0.05, 0};
        double[] hi = {1, 0.3, 1, 0.05, 0.5};
        BoundedSimplex set = new BoundedSimplex(lo, hi);
        for (int trial = 0; trial < 200; trial++) {
            double[] y = new double[5];
            for (int i = 0; i < 5; i++) {
                y[i] = r.nextGaussian();
            }
            double[] p = new double[5];
            set.project(y, p);
            assertTrue(set.contains(p, SUM_TOLERANCE));
            // Variational inequality: (y - p)·(z - p) <= 0 for every feasible z (test on vertices
            // and random feasible points).
            for (int j = 0; j < 20; j++) {
                double[] g = new double[5];
                for (int i = 0; i < 5; i++) {
                    g[i] = r.nextGaussian();
                }
                double[] z = set.linearMinimizer(g);
                double ip = 0;
                for (int i = 0; i < 5; i++) {
                    ip += (y[i] - p[i]) * (z[i] - p[i]);
                }
                assertTrue(ip <= 1e-12, "projection optimality violated: " + ip);
            }
        }
    }

    @Test
    void infeasibleBoundsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BoundedSimplex(new double[] {0.6, 0.6}, new double[] {1, 1}));
        assertEquals("infeasible constraints: minimum and fixed weights sum to 1.2 > 1", e.getMessage());
    }
}
