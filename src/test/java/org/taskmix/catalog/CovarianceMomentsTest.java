package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

/** {@link CovarianceEstimator.Moments}: the state that moves partial estimates between processes. */
class CovarianceMomentsTest {

    @Test
    void movedPartsMergeExactlyAsInProcessParts() {
        int d = 5;
        Random rng = new Random(4);
        double[] a = new double[300 * d];
        double[] b = new double[170 * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = 10 + rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = -3 + 2 * rng.nextGaussian();
        }
        for (boolean center : new boolean[] {false, true}) {
            CovarianceEstimator ea = new CovarianceEstimator(d, center);
            ea.accept(a, 300);
            CovarianceEstimator eb = new CovarianceEstimator(d, center);
            eb.accept(b, 170);
            // Round trip through Moments, then merge: the same arithmetic as merging in process.
            CovarianceEstimator ma = CovarianceEstimator.of(ea.moments());
            CovarianceEstimator mb = CovarianceEstimator.of(eb.moments());
            ma.merge(mb);
            ea.merge(eb);
            assertEquals(470, ma.count());
            SymmetricMatrix x = ea.covariance();
            SymmetricMatrix y = ma.covariance();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    assertEquals(x.get(i, j), y.get(i, j), 0.0);
                }
            }
            assertArrayEquals(ea.mean(), ma.mean(), 0.0);
        }
    }

    @Test
    void inconsistentMomentsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> CovarianceEstimator.of(new CovarianceEstimator.Moments(3, false, 5, new double[3], new double[5])));
    }
}
