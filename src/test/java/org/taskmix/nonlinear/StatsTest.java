package org.taskmix.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Hand-checked statistics: quantiles, the median interval and Spearman's rho with ties. */
class StatsTest {

    @Test
    void summaryOfOneToNine() {
        Stats s = Stats.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5});
        assertEquals(5.0, s.mean(), 0);
        assertEquals(5.0, s.median(), 0);
        assertEquals(Math.sqrt(7.5), s.sd(), 1e-12);
        assertEquals(1.8, s.q10(), 1e-12);   // position 0.8 between 1 and 2
        assertEquals(8.2, s.q90(), 1e-12);
        // order statistics floor(4.5 - 0.98*3) = 1 and ceil(4.5 + 0.98*3) = 8 (0-based): 2 and 9
        assertEquals(2.0, s.medianLow(), 0);
        assertEquals(9.0, s.medianHigh(), 0);
    }

    @Test
    void spearmanPerfectReversedAndTied() {
        assertEquals(1.0, NonlinearExperiments.spearman(List.of(1.0, 2.0, 3.0, 4.0), List.of(10.0, 20.0, 35.0, 90.0)), 1e-12);
        assertEquals(-1.0, NonlinearExperiments.spearman(List.of(1.0, 2.0, 3.0), List.of(3.0, 2.0, 1.0)), 1e-12);
        // x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4: rho = 4.5 / sqrt(4.5 * 5)
        assertEquals(4.5 / Math.sqrt(4.5 * 5), NonlinearExperiments.spearman(List.of(1.0, 2.0, 2.0, 3.0),
                List.of(1.0, 2.0, 3.0, 4.0)), 1e-12);
    }
}
